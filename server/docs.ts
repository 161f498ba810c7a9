// Rule docs: each rule's README.md is the single source for hovers, the explain command, SARIF
// help and the docs site. Read from the package's own files, never from the workspace.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ruleDocPath } from './engine/paths';

const cache = new Map<string, string>();

export function ruleDoc(ruleId: string): string | undefined {
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(ruleId)) return undefined; // never a path from outside
  if (!cache.has(ruleId)) {
    try {
      cache.set(ruleId, fs.readFileSync(ruleDocPath(ruleId), 'utf8'));
    } catch {
      return undefined;
    }
  }
  return cache.get(ruleId);
}

export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(ruleDocPath(ruleId)).href;
}

/** The title after the id in the README's first line (`# sql/x — Title`): what the rule is about. */
export function ruleTitle(ruleId: string): string | undefined {
  const first = ruleDoc(ruleId)?.split('\n', 1)[0] ?? '';
  const m = /^#\s+\S+\s+[—-]\s+(.+?)\s*$/.exec(first);
  return m?.[1];
}

/** The first paragraph after the title: what the problem is, in a few sentences. */
export function ruleExplanation(ruleId: string): string {
  const doc = ruleDoc(ruleId);
  if (!doc) return '';
  const body = doc.replace(/^#[^\n]*\n/, '').trim();
  const firstSection = body
    .split(/\n(?=## )/)[0]
    .replace(/^## [^\n]*\n/, '')
    .trim();
  return firstSection.split(/\n\s*\n/)[0].trim();
}

/** The sections every rule README has, in this order (the docs test enforces them). */
export const REQUIRED_SECTIONS = [
  'The problem',
  'Vulnerable example',
  'The paved road',
  'The automatic fix',
  'When the rule is wrong',
  'Risk accepted by loosening',
  'References',
] as const;

export interface DocSection {
  title: string;
  body: string;
}

/** Split a README into its `## ` sections (code fences are respected). */
export function sectionsOf(markdown: string): DocSection[] {
  const sections: DocSection[] = [];
  let current: DocSection | undefined;
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = !fenced && /^## (.+?)\s*$/.exec(line);
    if (m) {
      current = { title: m[1], body: '' };
      sections.push(current);
    } else if (current) {
      current.body += line + '\n';
    }
  }
  return sections;
}

/** One section of a rule's README, e.g. the risk accepted by loosening it (for posture reports). */
export function ruleDocSection(ruleId: string, title: (typeof REQUIRED_SECTIONS)[number]): string | undefined {
  const doc = ruleDoc(ruleId);
  return doc
    ? sectionsOf(doc)
        .find((s) => s.title === title)
        ?.body.trim()
    : undefined;
}

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence within the markdown given. */
  line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i]);
    blocks.push({ lang: open[1].toLowerCase(), code: body.join('\n') + '\n', line: start + 1 });
  }
  return blocks;
}

/**
 * A paved-road sample written as `// before` … `// after` … (`#` in .env and YAML): each "before" and
 * each "after" run of lines, with the shared lines around them — those above the first marker
 * (imports, set-up) in front, those below a closing `// both` marker (the rest of a handler) after.
 * Undefined when the block has no such markers.
 */
export function beforeAfter(code: string): { before: string[]; after: string[] } | undefined {
  const lines = code.replace(/\n$/, '').split('\n');
  const marker = (line: string) =>
    /^\s*(?:\/\/|#)\s*(before|after|both)\b/.exec(line)?.[1] as 'before' | 'after' | 'both' | undefined;
  const first = lines.findIndex((l) => marker(l) === 'before' || marker(l) === 'after');
  if (first < 0) return undefined;
  const tailAt = lines.findIndex((l, i) => i > first && marker(l) === 'both');
  const head = lines.slice(0, first);
  const tail = tailAt < 0 ? [] : lines.slice(tailAt + 1);
  const out = { before: [] as string[], after: [] as string[] };
  let kind: 'before' | 'after' | undefined;
  let run: string[] = [];
  const flush = () => {
    if (kind && run.some((l) => l.trim() && !marker(l))) out[kind].push([...head, ...run, ...tail].join('\n') + '\n');
    run = [];
  };
  for (const line of lines.slice(first, tailAt < 0 ? undefined : tailAt)) {
    const m = marker(line);
    if (m === 'before' || m === 'after') {
      flush();
      kind = m;
    }
    run.push(line);
  }
  flush();
  return out;
}
