// Walking a tree and analysing each file: shared by the CLI and the server's "scan workspace".
// Respects .gitignore (the `ignore` package implements git's rules) and default ignores; skips
// binary, non-UTF-8, oversized and minified files with a note, so nothing silently drops out.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { analyze, DEFAULT_MAX_FILE_BYTES, isAnalysable } from '../engine/analyze';
import type { AnalysisConfig, Finding, Note } from '../engine/types';
import type { SuppressedFinding } from '../engine/suppressions';
import type { BaselineMatcher } from '../config/baseline';
import { BaselineCache, withPolicy, type PolicyResolver } from '../config/resolve';

export const DEFAULT_IGNORES = [
  'node_modules/', '.git/', 'dist/', 'build/', 'out/', 'coverage/', '.next/', '.nuxt/', '.svelte-kit/',
  'vendor/', 'bower_components/', '*.min.js', '*.min.mjs', '*.bundle.js', '*.d.ts',
];

export interface ScannedFile {
  path: string;
  /** Kept only when asked for (code frames, LSP ranges). */
  text?: string;
  lines: number;
  findings: Finding[];
  notes: Note[];
  /** Findings an inline suppression covers (reported separately, with the justification). */
  suppressed?: SuppressedFinding[];
  /** Findings a baseline records (not reported as new). */
  baselined?: Finding[];
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface ScanSummary {
  files: ScannedFile[];
  skipped: Skipped[];
  lines: number;
  ms: number;
  /** Files a config's `ignores` left out. */
  ignored?: number;
}

export interface ScanHooks {
  onFile?(done: number, total: number): void;
  isCancelled?(): boolean;
  keepText?: boolean;
  /** Team configs: the nearest paved-road.json applies to each file (its rules, knowledge, ignores, baseline). */
  resolver?: PolicyResolver;
  /** A baseline for every file (overrides configs' own); `false` = none (when writing one). */
  baseline?: BaselineMatcher | false;
  /** Baseline files that could not be read: nothing is baselined for them (fail closed). */
  onBaselineError?(message: string): void;
}

/** Files under the given paths that the engine can analyse, in a stable order. */
export function collectFiles(paths: string[], skipped: Skipped[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (stat.isFile()) {
      // A file named explicitly is scanned even if an ignore rule would skip it in a walk.
      if (isAnalysable(abs)) out.push(abs);
      else skipped.push({ path: abs, reason: 'not a JavaScript, TypeScript or template file' });
      continue;
    }
    walk(abs, abs, ignore().add(DEFAULT_IGNORES), out);
  }
  return [...new Set(out)].sort();
}

function walk(root: string, dir: string, inherited: Ignore, out: string[]): void {
  // Iterative so that a deep tree cannot overflow the stack.
  const stack: { dir: string; rules: Ignore }[] = [{ dir, rules: inherited }];
  while (stack.length) {
    const { dir: current, rules: parentRules } = stack.pop()!;
    let rules = parentRules;
    const gitignore = path.join(current, '.gitignore');
    if (fs.existsSync(gitignore)) {
      // Patterns in a nested .gitignore are relative to its folder: rebase them onto the root.
      const prefix = path.relative(root, current).split(path.sep).join('/');
      const lines = fs.readFileSync(gitignore, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
      rules = ignore().add(parentRules).add(lines.map((l) => rebase(l, prefix)));
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const abs = path.join(current, entry.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (entry.isSymbolicLink()) continue; // never follow links out of the tree
      if (entry.isDirectory()) {
        if (!rules.ignores(rel + '/')) stack.push({ dir: abs, rules });
      } else if (entry.isFile() && isAnalysable(abs) && !rules.ignores(rel)) {
        out.push(abs);
      }
    }
  }
}

function rebase(pattern: string, prefix: string): string {
  if (!prefix) return pattern;
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  // A pattern without a slash (other than a trailing one) matches at any depth below its folder.
  const anchored = body.replace(/\/$/, '').includes('/');
  const rebased = anchored ? `${prefix}/${body.replace(/^\//, '')}` : `${prefix}/**/${body}`;
  return (negated ? '!' : '') + rebased;
}

export class UsageError extends Error {}

/** Read a file as UTF-8 text, or say why it is not analysable. */
export function readSource(file: string, maxBytes: number): { text: string } | { reason: string } {
  let buffer: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) return { reason: `larger than ${Math.round(maxBytes / 1024)} KiB (${Math.round(size / 1024)} KiB)` };
    buffer = fs.readFileSync(file);
  } catch (error) {
    return { reason: `unreadable: ${(error as Error).message}` };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { reason: 'binary file' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return { reason: 'not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (looksMinified(text)) return { reason: 'minified or generated bundle' };
  return { text };
}

/** Long average lines and few line breaks: a bundler's output, not code a person edits. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  const lines = text.split('\n');
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return longest > 1000 && text.length / lines.length > 300;
}

export async function scanPaths(paths: string[], config: AnalysisConfig, hooks: ScanHooks = {}): Promise<ScanSummary> {
  const started = performance.now();
  const skipped: Skipped[] = [];
  const files = collectFiles(paths, skipped);
  const scanned: ScannedFile[] = [];
  let lines = 0;
  const maxBytes = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const baselines = new BaselineCache();
  const baselineErrors = new Set<string>();
  let ignored = 0;
  for (let i = 0; i < files.length; i++) {
    if (hooks.isCancelled?.()) break;
    const file = files[i];
    const policy = hooks.resolver?.policyFor(file);
    if (policy && hooks.resolver!.isIgnored(file, policy)) {
      ignored++;
      continue;
    }
    const read = readSource(file, maxBytes);
    if ('reason' in read) {
      skipped.push({ path: file, reason: read.reason });
    } else {
      const count = read.text.split('\n').length;
      lines += count;
      const result = analyze({ file, text: read.text }, policy ? withPolicy(config, policy) : config);
      let findings = result.findings;
      let baselined: Finding[] = [];
      let baseline: BaselineMatcher | { error: string } | undefined = hooks.baseline === false ? undefined : hooks.baseline;
      if (hooks.baseline === undefined && policy?.baseline) baseline = baselines.get(policy.baseline);
      if (baseline && 'error' in baseline) {
        if (!baselineErrors.has(baseline.error)) { baselineErrors.add(baseline.error); hooks.onBaselineError?.(baseline.error); }
      } else if (baseline) {
        ({ findings, baselined } = baseline.split(file, read.text, findings));
      }
      scanned.push({
        path: file, lines: count, findings, notes: result.notes, ...(hooks.keepText ? { text: read.text } : {}),
        ...(result.suppressed ? { suppressed: result.suppressed } : {}), ...(baselined.length ? { baselined } : {}),
      });
    }
    hooks.onFile?.(i + 1, files.length);
    // Let the server answer other requests between files.
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  return { files: scanned, skipped, lines, ms: performance.now() - started, ...(ignored ? { ignored } : {}) };
}
