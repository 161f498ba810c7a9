// JSON (and JSONC) documents through jsonc-parser, the parser the team configs already use: it is
// error-tolerant (a broken file yields the values before and around the break) and keeps offsets.

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_CONFIG_ENTRIES, type ConfigEntry } from './types';

export function readJson(text: string): {
  entries: ConfigEntry[];
  truncated: boolean;
  error?: { offset: number; message: string };
} {
  const entries: ConfigEntry[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0]
    ? { offset: errors[0].offset, message: `JSON syntax error (${printParseErrorCode(errors[0].error)})` }
    : undefined;
  if (!root) return { entries, truncated: false, ...(error ? { error } : {}) };
  // Iterative walk: hostile nesting cannot overflow the stack here.
  const stack: { node: JsonNode; path: string[]; key: string; siblings: string[] }[] = [
    { node: root, path: [], key: '', siblings: [] },
  ];
  while (stack.length) {
    const { node, path, key, siblings } = stack.pop()!;
    if (node.type === 'object') {
      const props = node.children ?? [];
      const keys = props.map((p) => String(p.children?.[0]?.value ?? ''));
      for (let i = props.length - 1; i >= 0; i--) {
        const value = props[i].children?.[1];
        if (value)
          stack.push({
            node: value,
            path: [...path.slice(-7), keys[i]],
            key: keys[i],
            siblings: props.length <= 64 ? keys.filter((_, j) => j !== i) : [],
          });
      }
    } else if (node.type === 'array') {
      const items = node.children ?? [];
      for (let i = items.length - 1; i >= 0; i--)
        stack.push({ node: items[i], path: [...path.slice(-7), String(i)], key, siblings: [] });
    } else if (node.type === 'string' || node.type === 'number') {
      if (entries.length >= MAX_CONFIG_ENTRIES) return { entries, truncated: true };
      const span = { start: node.offset, end: node.offset + node.length };
      const value = node.type === 'string' ? String(node.value) : text.slice(span.start, span.end);
      entries.push({ path, key, value, span, style: node.type === 'string' ? 'double' : 'number', siblings });
    }
  }
  return { entries, truncated: false, ...(error ? { error } : {}) };
}
