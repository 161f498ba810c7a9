// Walking a tree and analysing each file: shared by the CLI and the server's "scan workspace".
// Respects .gitignore (the `ignore` package implements git's rules) and default ignores; skips
// binary, non-UTF-8, oversized and minified files with a note, so nothing silently drops out.

import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { analyze, DEFAULT_MAX_FILE_BYTES, isAnalysable } from '../engine/analyze';
import type { AnalysisConfig, AnalysisResult, Finding, Note } from '../engine/types';
import type { ScanCache } from './cache';
import { AnalysisPool, LARGE_FILE_LIMITS, OutOfMemory, workerScript } from './pool';
import { nativeParserStatus } from '../engine/native-parse';
import type { SuppressedFinding } from '../engine/suppressions';
import type { BaselineMatcher } from '../config/baseline';
import { BaselineCache, withPolicy, type PolicyResolver } from '../config/resolve';
import type { Policy } from '../config/load';

export const DEFAULT_IGNORES = [
  'node_modules/', '.git/', 'dist/', 'build/', 'out/', 'coverage/', '.next/', '.nuxt/', '.svelte-kit/',
  'vendor/', 'bower_components/', '*.min.js', '*.min.mjs', '*.bundle.js', '*.d.ts',
];

export interface ScannedFile {
  path: string;
  /** Kept only when asked for (code frames, LSP ranges), and only for a file with something to
   * report (findings, notes, suppressed or baselined findings): a scan's memory must not grow
   * with the texts of the thousands of clean files. */
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
  /** Threads that analysed files (1 = the calling thread only). */
  jobs?: number;
  /** Which parser the analysis threads had: `oxc` (files up to 1 MiB; typescript-estree for the
   * rest) or `typescript-estree` with the reason (main thread only, or no addon for the platform). */
  parser?: string;
  cache?: { hits: number; misses: number; rejected: number };
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
  /** Worker threads to analyse with: 1 = in this thread (the default); 'auto' = every core, but
   * small scans stay in this thread. */
  jobs?: number | 'auto';
  /** Reuse results of unchanged files (see cache.ts). */
  cache?: ScanCache;
  /** Only the files this accepts are scanned (and reported as skipped): `--shard i/n`. */
  include?(file: string): boolean;
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
    walk(abs, abs, ignore().add(DEFAULT_IGNORES), out, skipped);
  }
  return [...new Set(out)].sort();
}

function walk(root: string, dir: string, inherited: Ignore, out: string[], skipped: Skipped[]): void {
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
      if (entry.isSymbolicLink()) {
        // Never followed: a link can leave the tree or loop back into it. Said, not silent.
        if (!rules.ignores(rel) && !rules.ignores(rel + '/')) skipped.push({ path: abs, reason: 'symbolic link, not followed' });
        continue;
      }
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

/**
 * Whether git would ignore this file: the .gitignore files from the repository root (the nearest
 * folder with `.git`, else the outermost folder with a .gitignore) down to the file's folder, and
 * `.git/info/exclude`. The editor uses it for config files: a git-ignored `.env` is the paved road
 * (secrets in the environment), so it is not squiggled; the CLI's walk applies the same rules.
 */
export function isGitIgnored(file: string): boolean {
  const abs = path.resolve(file);
  const dirs: string[] = [];
  let top = -1;
  for (let dir = path.dirname(abs), i = 0; i < 64; i++) {
    dirs.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) { top = dirs.length - 1; break; }
    if (fs.existsSync(path.join(dir, '.gitignore'))) top = dirs.length - 1;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (top < 0) return false;
  const root = dirs[top];
  const rules = ignore();
  const exclude = path.join(root, '.git', 'info', 'exclude');
  const read = (f: string): string[] => {
    try {
      return fs.readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
    } catch {
      return [];
    }
  };
  rules.add(read(exclude));
  for (let i = top; i >= 0; i--) {
    const prefix = path.relative(root, dirs[i]).split(path.sep).join('/');
    rules.add(read(path.join(dirs[i], '.gitignore')).map((l) => rebase(l, prefix)));
    // A folder ignored on the way down ignores everything below it, as git does.
    if (i > 0 && rules.ignores(path.relative(root, dirs[i - 1]).split(path.sep).join('/') + '/')) return true;
  }
  return rules.ignores(path.relative(root, abs).split(path.sep).join('/'));
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

/** With `jobs: 'auto'`, one worker per this many files. Each thread that analyses pays a warm-up
 * of its own (loading TypeScript, V8 compiling the parser's hot paths): about 3–4 s of CPU, as
 * much as ~900 average files once warm (docs/performance.md). A second thread only pays off when
 * it has several times that much work to share. */
const AUTO_FILES_PER_WORKER = 500;

/** Above this many files a scan asked for one thread (`jobs: 1`) still analyses in one worker
 * rather than the calling thread: the worker's heap is bounded (pool.ts), the calling thread's is
 * not, and the calling thread keeps reading the next files meanwhile. */
const SINGLE_WORKER_FROM_FILES = 200;

export async function scanPaths(paths: string[], config: AnalysisConfig, hooks: ScanHooks = {}): Promise<ScanSummary> {
  const started = performance.now();
  let skipped: Skipped[] = [];
  let files = collectFiles(paths, skipped);
  if (hooks.include) {
    files = files.filter((f) => hooks.include!(f));
    skipped = skipped.filter((s) => hooks.include!(s.path));
  }
  const maxBytes = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const baselines = new BaselineCache();
  const baselineErrors = new Set<string>();
  const cache = hooks.cache;
  // Results land in their file's slot, so the output order never depends on which worker won.
  const slots: (ScannedFile | Skipped | undefined)[] = new Array(files.length);
  // 'auto' leaves one core to the main thread and V8's background compiler and collector (which a
  // single analysing thread already keeps busy): on two cores that is one worker, as measured best.
  const wanted = hooks.jobs === 'auto' ? Math.min(Math.max(1, availableParallelism() - 1), Math.floor(files.length / AUTO_FILES_PER_WORKER)) : (hooks.jobs ?? 1);
  const jobs = workerScript() ? Math.max(1, Math.min(wanted, files.length)) : 1;
  const inWorkers = jobs > 1 || (hooks.jobs !== undefined && workerScript() !== undefined && files.length >= SINGLE_WORKER_FROM_FILES);
  const pool = inWorkers ? new AnalysisPool(jobs, undefined, 2) : undefined;
  const inFlight = new Set<Promise<void>>();
  const tooBig: { index: number; file: string; key?: string; count: number; policy: Policy | undefined; effective: AnalysisConfig }[] = [];
  let ignored = 0;
  let lines = 0;
  let done = 0;
  const finish = (index: number, value: ScannedFile | Skipped | undefined): void => {
    slots[index] = value;
    hooks.onFile?.(++done, files.length);
  };
  // After analysis (never cached: a baseline file may change while the code does not).
  const scannedFile = (file: string, text: string, count: number, result: AnalysisResult, policy: Policy | undefined): ScannedFile => {
    let findings = result.findings;
    let baselined: Finding[] = [];
    let baseline: BaselineMatcher | { error: string } | undefined = hooks.baseline === false ? undefined : hooks.baseline;
    if (hooks.baseline === undefined && policy?.baseline) baseline = baselines.get(policy.baseline);
    if (baseline && 'error' in baseline) {
      if (!baselineErrors.has(baseline.error)) { baselineErrors.add(baseline.error); hooks.onBaselineError?.(baseline.error); }
    } else if (baseline) {
      ({ findings, baselined } = baseline.split(file, text, findings));
    }
    const reported = findings.length || baselined.length || result.notes.length || result.suppressed?.length;
    return {
      path: file, lines: count, findings, notes: result.notes, ...(hooks.keepText && reported ? { text } : {}),
      ...(result.suppressed ? { suppressed: result.suppressed } : {}), ...(baselined.length ? { baselined } : {}),
    };
  };
  try {
    for (let i = 0; i < files.length; i++) {
      if (hooks.isCancelled?.()) break;
      const file = files[i];
      const policy = hooks.resolver?.policyFor(file);
      if (policy && hooks.resolver!.isIgnored(file, policy)) {
        ignored++;
        finish(i, undefined);
        continue;
      }
      const read = readSource(file, maxBytes);
      if ('reason' in read) {
        finish(i, { path: file, reason: read.reason });
        continue;
      }
      const text = read.text;
      const count = text.split('\n').length;
      lines += count;
      const moduleType = hooks.resolver?.moduleTypeFor(file);
      const effective = { ...(policy ? withPolicy(config, policy) : config), ...(moduleType ? { moduleType } : {}) };
      const key = cache?.keyFor(file, text, effective);
      const cached = key !== undefined ? cache!.get(key, text.length) : undefined;
      if (cached) {
        finish(i, scannedFile(file, text, count, cached, policy));
      } else if (pool) {
        const index = i;
        const task = pool.run(file, text, effective).then(
          (result) => {
            if (key !== undefined) cache!.set(key, result, text);
            finish(index, scannedFile(file, text, count, result, policy));
          },
          (error: Error) => {
            // Too big for a pool worker's heap: retried alone once the pool is gone (below).
            if (error instanceof OutOfMemory) tooBig.push({ index, file, key, count, policy, effective });
            else finish(index, { path: file, reason: `analysis failed: ${error.message}` });
          },
        ).finally(() => inFlight.delete(task));
        inFlight.add(task);
        // Keep a few texts queued per worker, not the whole tree in memory.
        while (pool.load >= pool.size * 4) await Promise.race(inFlight);
      } else {
        const result = analyze({ file, text }, effective);
        if (key !== undefined) cache!.set(key, result, text);
        finish(i, scannedFile(file, text, count, result, policy));
      }
      // Let the server answer other requests between files.
      if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(inFlight);
  } finally {
    await pool?.close();
  }
  if (tooBig.length) {
    // The files a pool worker's heap could not hold get one worker of their own with a larger
    // heap, one file at a time and only after the pool has exited: peak memory is the larger of
    // the two phases, never their sum.
    const large = new AnalysisPool(1, LARGE_FILE_LIMITS);
    try {
      for (const t of tooBig) {
        const read = readSource(t.file, maxBytes);
        if ('reason' in read) { finish(t.index, { path: t.file, reason: read.reason }); continue; }
        try {
          const result = await large.run(t.file, read.text, t.effective);
          if (t.key !== undefined && cache) cache.set(cache.keyFor(t.file, read.text, t.effective), result, read.text);
          finish(t.index, scannedFile(t.file, read.text, t.count, result, t.policy));
        } catch (error) {
          finish(t.index, { path: t.file, reason: error instanceof OutOfMemory ? `too large to analyse: ${error.message}` : `analysis failed: ${(error as Error).message}` });
        }
      }
    } finally {
      await large.close();
    }
  }
  const scanned: ScannedFile[] = [];
  for (const slot of slots) {
    if (!slot) continue;
    if ('reason' in slot) skipped.push(slot);
    else scanned.push(slot);
  }
  return {
    files: scanned, skipped, lines, ms: performance.now() - started, ...(ignored ? { ignored } : {}), jobs, parser: parserUsed(inWorkers),
    ...(cache ? { cache: { hits: cache.hits, misses: cache.misses, rejected: cache.rejected } } : {}),
  };
}

function parserUsed(inWorkers: boolean): string {
  if (!inWorkers) return 'typescript-estree (analysed on the calling thread, whose stack size is unknown)';
  const status = nativeParserStatus();
  return status.available ? 'oxc' : `typescript-estree (the oxc addon did not load: ${status.reason})`;
}
