// Labels of the real-application benchmark (test/fixtures/realapps, see its README): loading,
// locating the checkouts and the consistency check shared by the measure command (realapps.ts)
// and its test (realapps-labels.test.ts). No code of the applications is in the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const families = ['sql', 'xss', 'cred', 'audit'] as const;
export type Family = (typeof families)[number];
export type LabelKind = 'issue' | 'none' | 'true' | 'false';

export interface Place {
  file: string;
  line: number;
  endLine?: number;
}
export interface AppLabel extends Place {
  kind: LabelKind;
  family: Family;
  rule?: string;
  also?: Place[];
  source?: string;
  triaged?: string;
  why: string;
}
export interface AppLabels {
  app: string;
  repository: string;
  commit: string;
  kind: 'vulnerable' | 'clean';
  about: string;
  labels: AppLabel[];
  outOfScope: { what: string; where: string; why: string }[];
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const labelsRoot = path.join(repoRoot, 'test', 'fixtures', 'realapps');

/** Where the checkouts are: PAVED_ROAD_REALAPPS, else `.realapps/` in the repository (git-ignored). */
export function appsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAVED_ROAD_REALAPPS ? path.resolve(env.PAVED_ROAD_REALAPPS) : path.join(repoRoot, '.realapps');
}

export function loadAll(): AppLabels[] {
  return fs
    .readdirSync(labelsRoot)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(labelsRoot, f), 'utf8')) as AppLabels);
}

/** The places a label covers: its own and its `also` ones. */
export function placesOf(l: AppLabel): Place[] {
  return [{ file: l.file, line: l.line, endLine: l.endLine }, ...(l.also ?? [])];
}

export function covers(p: Place, file: string, line: number): boolean {
  return p.file === file && line >= p.line && line <= (p.endLine ?? p.line);
}

/** What is wrong with one app's labels, without its checkout (shape, kinds, reasons, no two labels on one event). */
export function checkShape(a: AppLabels, fileName: string): string[] {
  const problems: string[] = [];
  if (fileName !== `${a.app}.json`) problems.push(`${fileName}: app is '${a.app}'`);
  if (!/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(a.repository ?? ''))
    problems.push(`${a.app}: repository '${a.repository}' is not a GitHub URL`);
  if (!/^[0-9a-f]{40}$/.test(a.commit ?? '')) problems.push(`${a.app}: commit is not 40 hex digits`);
  if (a.kind !== 'vulnerable' && a.kind !== 'clean') problems.push(`${a.app}: kind '${a.kind}'`);
  if (!a.about?.trim()) problems.push(`${a.app}: no 'about' (how the labels were made)`);
  if (!Array.isArray(a.outOfScope)) problems.push(`${a.app}: outOfScope missing`);
  for (const o of a.outOfScope ?? [])
    if (!o.what?.trim() || !o.why?.trim()) problems.push(`${a.app}: outOfScope entry without what/why`);
  const seen = new Map<string, number>();
  a.labels.forEach((l, i) => {
    const at = `${a.app}: label ${i} (${l.file}:${l.line})`;
    if (!['issue', 'none', 'true', 'false'].includes(l.kind)) problems.push(`${at}: kind '${l.kind}'`);
    if (!(families as readonly string[]).includes(l.family)) problems.push(`${at}: family '${l.family}'`);
    if (l.rule !== undefined && !l.rule.startsWith(`${l.family}/`))
      problems.push(`${at}: rule ${l.rule} is not in family ${l.family}`);
    if (!l.why?.trim()) problems.push(`${at}: no reason`);
    if (l.kind === 'issue' && !/^(docs|review): \S/.test(l.source ?? ''))
      problems.push(`${at}: an issue needs a source 'docs: …' or 'review: …'`);
    if ((l.kind === 'true' || l.kind === 'false') && !l.triaged) problems.push(`${at}: a triage label needs 'triaged'`);
    for (const p of placesOf(l)) {
      if (!p.file || p.file.startsWith('/') || p.file.includes('..')) problems.push(`${at}: bad file '${p.file}'`);
      if (!Number.isInteger(p.line) || p.line < 1) problems.push(`${at}: bad line`);
      if (p.endLine !== undefined && (!Number.isInteger(p.endLine) || p.endLine < p.line))
        problems.push(`${at}: bad endLine`);
      for (let line = p.line; line <= (p.endLine ?? p.line); line++) {
        const key = `${l.family} ${p.file}:${line}`;
        const other = seen.get(key);
        if (other !== undefined && other !== i) problems.push(`${at}: ${key} is also covered by label ${other}`);
        seen.set(key, i);
      }
    }
  });
  return problems;
}

/** The checkout of an app, if present: its directory and whether it is at the labelled commit. */
export function checkout(a: AppLabels, root = appsRoot()): { dir: string; present: boolean; head?: string } {
  const dir = path.join(root, a.app);
  if (!fs.existsSync(path.join(dir, '.git'))) return { dir, present: false };
  const rev = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return { dir, present: true, head: rev.status === 0 ? rev.stdout.trim() : undefined };
}

/** What is wrong with the labels against a present checkout: right commit, every place on a real, non-blank line. */
export function checkAgainst(a: AppLabels, dir: string, head: string | undefined): string[] {
  const problems: string[] = [];
  if (head !== a.commit) problems.push(`${a.app}: checkout is at ${head ?? '?'}, labels are for ${a.commit}`);
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      const p = path.join(dir, file);
      cache.set(file, fs.existsSync(p) ? fs.readFileSync(p, 'utf8').split('\n') : undefined);
    }
    return cache.get(file);
  };
  for (const l of a.labels) {
    for (const p of placesOf(l)) {
      const lines = linesOf(p.file);
      if (!lines) {
        problems.push(`${a.app}: ${p.file}: no such file`);
        continue;
      }
      const end = p.endLine ?? p.line;
      if (end > lines.length) problems.push(`${a.app}: ${p.file}:${end}: past the end (${lines.length} lines)`);
      else if (!lines[p.line - 1].trim()) problems.push(`${a.app}: ${p.file}:${p.line}: labelled line is blank`);
      else if (
        l.family === 'cred' &&
        (l.kind === 'issue' || l.kind === 'true') &&
        leaksValue(l.why, lines.slice(p.line - 1, end))
      ) {
        // The measure prints reasons; a reason must name a secret's role, never repeat its value.
        problems.push(`${a.app}: ${p.file}:${p.line}: the reason repeats a value from the labelled line`);
      }
    }
  }
  return problems;
}

/** Whether a reason repeats a secret-shaped value of the labelled lines (quoted, or after `=`/`:`). */
export function leaksValue(why: string, lines: string[]): boolean {
  for (const line of lines) {
    for (const m of line.matchAll(/["'`]([^"'`]{6,})["'`]|[=:]\s*([^\s"'`,;]{6,})/g)) {
      const value = (m[1] ?? m[2]).trim();
      // A plain lowercase word (a key name like "password", an algorithm like 'sha256') is not a value worth hiding.
      const secretShaped = /\s/.test(value) || (value.length >= 8 && !/^[a-z]+$/.test(value));
      if (secretShaped && why.includes(value)) return true;
    }
  }
  return false;
}
