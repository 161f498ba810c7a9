// YAML documents (several per file, as Kubernetes manifests have) through the `yaml` package's
// composer, which keeps each node's source range. The failsafe schema keeps every scalar a string
// as written (`password: 123456` is the text `123456`, not a number); aliases are never followed,
// so an alias bomb costs nothing.

import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Node as YamlNode } from 'yaml';
import { MAX_CONFIG_ENTRIES, type ConfigEntry } from './types';

const STYLE: Record<string, ConfigEntry['style']> = {
  PLAIN: 'plain',
  QUOTE_DOUBLE: 'double',
  QUOTE_SINGLE: 'single',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

export function readYaml(text: string): {
  entries: ConfigEntry[];
  truncated: boolean;
  error?: { offset: number; message: string };
} {
  const entries: ConfigEntry[] = [];
  const parsed = parseAllDocuments(text, { schema: 'failsafe', strict: false, uniqueKeys: false, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const first = docs.flatMap((d) => d.errors)[0];
  const error = first
    ? { offset: first.pos[0], message: `YAML syntax error: ${first.message.split('\n')[0]}` }
    : undefined;
  for (const doc of docs) {
    // Iterative walk: hostile nesting cannot overflow the stack here.
    const stack: { node: unknown; path: string[]; key: string; siblings: string[]; flow?: boolean }[] = [];
    if (doc.contents) stack.push({ node: doc.contents, path: [], key: '', siblings: [] });
    while (stack.length) {
      const { node, path, key, siblings, flow } = stack.pop()!;
      if (isAlias(node) || node === null || node === undefined) continue;
      if (isMap(node)) {
        const pairs = node.items.filter(isPair);
        const keys = pairs.map((p) => (isScalar(p.key) ? String(p.key.value ?? '') : ''));
        // A Kubernetes env var (`- name: DB_PASSWORD` + `value: …`) is named by its `name`.
        const envName =
          keys.includes('value') && keys.includes('name') ? scalarText(pairs[keys.indexOf('name')].value) : undefined;
        for (let i = pairs.length - 1; i >= 0; i--) {
          const name = envName !== undefined && keys[i] === 'value' ? envName : keys[i];
          stack.push({
            node: pairs[i].value,
            path: [...path.slice(-7), keys[i]],
            key: name,
            siblings: pairs.length <= 64 ? keys.filter((_, j) => j !== i) : [],
          });
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--)
          stack.push({
            node: node.items[i],
            path: [...path.slice(-7), String(i)],
            key,
            siblings: [],
            flow: !!node.flow,
          });
      } else if (isScalar(node) && node.range) {
        if (entries.length >= MAX_CONFIG_ENTRIES) return { entries, truncated: true };
        const value = node.value;
        if (typeof value !== 'string' || value === '') continue;
        const [start, end] = node.range;
        const style = STYLE[node.type ?? 'PLAIN'] ?? 'plain';
        // `- DB_PASSWORD=s3cret` in an `environment:`/`env:`/`args:` list (Compose) is a name and a value.
        const assignment =
          /^(environment|env|args)$/.test(key) && /^\d+$/.test(path[path.length - 1] ?? '')
            ? /^([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$/s.exec(value)
            : null;
        const inner = style === 'plain' ? start : start + 1;
        if (assignment && style !== 'block' && text.slice(inner, inner + value.length) === value) {
          const valueStart = inner + assignment[1].length + 1;
          entries.push({
            path: [...path, assignment[1]],
            key: assignment[1],
            value: assignment[2],
            span: { start: valueStart, end: valueStart + assignment[2].length },
            style: 'plain',
            siblings: [],
            assignment: true,
            ...(flow ? { flow } : {}),
          });
          continue;
        }
        entries.push({
          path,
          key,
          value,
          span: { start, end: scalarEnd(text, start, end, node) },
          style,
          siblings,
          ...(flow ? { flow } : {}),
        });
      }
    }
  }
  return { entries, truncated: false, ...(error ? { error } : {}) };
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A block scalar's range includes its trailing line break; a finding should end at its last character. */
function scalarEnd(text: string, start: number, end: number, node: Scalar): number {
  if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') return end;
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

export type { YamlNode };
