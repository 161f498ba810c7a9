// labels.json of the corpora in test/fixtures/corpus: loading and the consistency check shared by
// the measure command (heldout.ts) and its test (labels.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Label {
  line: number;
  endLine?: number;
  why: string;
}
export type Labels = Record<string, Label[]>;

export const corpusRoot = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

export function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
    }
  }
  return out.sort();
}

/** Loads labels.json and lists what does not match the files: every file labelled, every label on a real, non-blank line, with a reason. */
export function checkLabels(dir: string, family?: string): { labels: Labels; files: string[]; problems: string[] } {
  // A multi-family corpus (layered/) keeps one labels.json mapping family → file → labels.
  const read = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Labels | Record<string, Labels>;
  const labels = (family === undefined ? read : ((read as Record<string, Labels>)[family] ?? {})) as Labels;
  const files = walk(dir).filter((f) => f !== 'labels.json');
  const problems: string[] = [];
  for (const f of files)
    if (!(f in labels)) problems.push(`${f}: not in labels.json (use [] for an all-negative file)`);
  for (const [f, list] of Object.entries(labels)) {
    if (!files.includes(f)) {
      problems.push(`${f}: labelled but missing`);
      continue;
    }
    const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
    for (const l of list) {
      if (!Number.isInteger(l.line) || l.line < 1 || l.line > lines.length)
        problems.push(`${f}:${l.line}: no such line`);
      else if (!lines[l.line - 1].trim()) problems.push(`${f}:${l.line}: labelled line is blank`);
      if (l.endLine !== undefined && (!Number.isInteger(l.endLine) || l.endLine < l.line || l.endLine > lines.length))
        problems.push(`${f}:${l.line}: bad endLine ${l.endLine}`);
      if (typeof l.why !== 'string' || !l.why.trim()) problems.push(`${f}:${l.line}: label without a reason`);
    }
  }
  return { labels, files, problems };
}
