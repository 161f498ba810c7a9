// Walking a tree and analysing each file: shared by the CLI and the server's "scan workspace".
// Respects .gitignore (the `ignore` package implements git's rules) and default ignores; skips
// binary, non-UTF-8, oversized and minified files with a note, so nothing silently drops out.

import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isTracked, readTrackedFiles, workTreeOf, type TrackedFiles } from './git-index';
import { scriptKindOf } from '../engine/parse';
import { templateEngineOf } from '../engine/templates';
import { analyze, DEFAULT_MAX_FILE_BYTES, isAnalysable, isConfigFile } from './analyze';
import { contentSkipReason, coverageFindings, notAnalysedFinding, notAnalysedLevel } from '../engine/coverage';
import { compiledTwinReason, isCompiledTwinReason } from './compiled-twin';
import type { AnalysisConfig, AnalysisResult, Finding, Note, RouteControls, Severity } from '../engine/types';
import type { ScanCache } from './cache';
import { AnalysisPool, DEFAULT_POOL_LIMITS, LARGE_FILE_LIMITS, OutOfMemory, workerScript } from './pool';
import { nativeParserStatus } from '../engine/native-parse';
import { withVerdicts } from '../engine/fixes/verify';
import type { SuppressedFinding } from '../engine/suppressions';
import type { BaselineMatcher } from '../config/baseline';
import { BaselineCache, withPolicy, type PolicyResolver } from '../config/resolve';
import { baselineKey, type Policy } from '../config/load';
import { secondPhase, type PhaseOne, type SecondPhaseCount } from './project-scan';
import { addPhaseTimes, timed, type PhaseTimes } from '../engine/timing';

/** The key findings hidden by a `--baseline FILE` given on the command line are counted against. */
export const COMMAND_LINE_BASELINE = 'baseline:(command line)';

export const DEFAULT_IGNORES = [
  'node_modules/',
  '.git/',
  'dist/',
  'build/',
  'out/',
  'coverage/',
  '.next/',
  '.nuxt/',
  '.svelte-kit/',
  '.paved-road-cache/',
  'vendor/',
  'bower_components/',
  '*.min.js',
  '*.min.mjs',
  '*.bundle.js',
  '*.d.ts',
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
  /** The file was not analysed at all (it is in `skipped` too): its one finding says why. */
  notAnalysed?: true;
  /** Its fixes were verified by the worker that analysed it (cli/fix.ts does not verify them again). */
  fixesVerified?: true;
  /** The configuration the file was analysed with (kept with `text`), to analyse it again after a fix. */
  config?: AnalysisConfig;
  /** The routes the file registers and their security controls (the seatbelt table), with 1-based lines. */
  routes?: ScannedRoute[];
}

/** A route of the seatbelt table as the front doors show it: the file's line instead of offsets. */
export type ScannedRoute = Omit<RouteControls, 'span'> & { line: number };

/** 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const SYMLINK_REASON = 'symbolic link, not followed';
const NOT_SOURCE_REASON = 'not a JavaScript, TypeScript or template file';

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
  /** What the walk could not know (a git index it could not read): shown in every format. */
  notes?: string[];
  /** Per loosening key (knowledge declarations, `ignore:`, `baseline:`): how many findings it hid
   * in this scan (for an ignore: how many files it left out). */
  silenced?: Record<string, number>;
  /** Where the analysis threads' time went, summed over them (PAVED_ROAD_TIMING=1: engine/timing.ts). */
  threadTimes?: PhaseTimes;
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
  /** The level of "not analysed" findings; default error for code and templates, warning for config documents. */
  notAnalysedLevel?: Severity;
  /** The fixes will leave the process (JSON, SARIF, --fix): files analysed in a worker have their
   * fixes verified there too, with their project's type check (`fixesVerified`); the others (the
   * calling thread, cache hits, the second phase) are left to the caller's FixVerifier, which
   * keeps the verified fixes of a file outside any TypeScript project in the cache. */
  verifyFixes?: boolean;
}

/** Files under the given paths that the engine can analyse, in a stable order. `notes` gets what
 * the walk could not know (a git index it could not read). */
export function collectFiles(paths: string[], skipped: Skipped[], notes: string[] = []): string[] {
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
      else skipped.push({ path: abs, reason: NOT_SOURCE_REASON });
      continue;
    }
    // In a git work tree, what git tracks is in scope whatever .gitignore (or the default ignores)
    // say: ignore rules spare untracked files only. The index is read as data, git never runs.
    const tree = workTreeOf(abs);
    let tracked: TrackedFiles | undefined;
    if (tree) {
      const read = readTrackedFiles(tree);
      if ('error' in read)
        notes.push(
          `could not read which files git tracks (${read.error}); .gitignore alone decided what was scanned under ${p}`,
        );
      else tracked = read;
    }
    walk(abs, abs, ignore().add(DEFAULT_IGNORES), out, skipped, tracked);
  }
  return [...new Set(out)].sort();
}

/** Never entered, tracked or not: git's own folder and third-party packages. */
const NEVER_ENTERED = new Set(['.git', 'node_modules']);

function walk(
  root: string,
  dir: string,
  inherited: Ignore,
  out: string[],
  skipped: Skipped[],
  tracked?: TrackedFiles,
): void {
  const repoPath = (abs: string): string => path.relative(tracked!.root, abs).split(path.sep).join('/');
  const isTracked = (abs: string): boolean => !!tracked && tracked.files.has(repoPath(abs));
  const holdsTracked = (abs: string): boolean => !!tracked && tracked.dirs.has(repoPath(abs));
  // Iterative so that a deep tree cannot overflow the stack.
  const stack: { dir: string; rules: Ignore }[] = [{ dir, rules: inherited }];
  while (stack.length) {
    const { dir: current, rules: parentRules } = stack.pop()!;
    let rules = parentRules;
    const gitignore = path.join(current, '.gitignore');
    if (fs.existsSync(gitignore)) {
      // Patterns in a nested .gitignore are relative to its folder: rebase them onto the root.
      const prefix = path.relative(root, current).split(path.sep).join('/');
      const lines = fs
        .readFileSync(gitignore, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() && !l.startsWith('#'));
      rules = ignore()
        .add(parentRules)
        .add(lines.map((l) => rebase(l, prefix)));
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
        if (!rules.ignores(rel) && !rules.ignores(rel + '/')) skipped.push({ path: abs, reason: SYMLINK_REASON });
        continue;
      }
      if (entry.isDirectory()) {
        if (NEVER_ENTERED.has(entry.name)) continue;
        if (!rules.ignores(rel + '/') || holdsTracked(abs)) stack.push({ dir: abs, rules });
      } else if (entry.isFile() && isAnalysable(abs) && (!rules.ignores(rel) || isTracked(abs))) {
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
    if (fs.existsSync(path.join(dir, '.git'))) {
      top = dirs.length - 1;
      // A file git tracks is not ignored, whatever .gitignore says (git reads ignore rules for untracked files only).
      if (isTracked(abs)) return false;
      break;
    }
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
      return fs
        .readFileSync(f, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() && !l.startsWith('#'));
    } catch {
      return [];
    }
  };
  rules.add(read(exclude));
  for (let i = top; i >= 0; i--) {
    const prefix = path.relative(root, dirs[i]).split(path.sep).join('/');
    rules.add(read(path.join(dirs[i], '.gitignore')).map((l) => rebase(l, prefix)));
    // A folder ignored on the way down ignores everything below it, as git does.
    if (
      i > 0 &&
      rules.ignores(
        path
          .relative(root, dirs[i - 1])
          .split(path.sep)
          .join('/') + '/',
      )
    )
      return true;
  }
  return rules.ignores(path.relative(root, abs).split(path.sep).join('/'));
}

export class UsageError extends Error {}

/** Code (JS/TS), which alone is judged a bundle: templates and config documents are read whatever their line lengths. */
const isCodeFile = (file: string): boolean => scriptKindOf(file) !== undefined;

/**
 * Read a file as text, or say why it is not analysable. UTF-8 (a BOM dropped); anything else is
 * decoded as Latin-1 with a note, never skipped. Binary and bundles are judged on the content by the
 * engine's own rules (coverage.ts), so the CLI and the language server agree on every file.
 */
export function readSource(file: string, maxBytes: number): { text: string; notes?: Note[] } | { reason: string } {
  return timed('read', () => readSourceUntimed(file, maxBytes));
}

function readSourceUntimed(file: string, maxBytes: number): { text: string; notes?: Note[] } | { reason: string } {
  let buffer: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes)
      return { reason: `larger than ${Math.round(maxBytes / 1024)} KiB (${Math.round(size / 1024)} KiB)` };
    buffer = fs.readFileSync(file);
  } catch (error) {
    return { reason: `unreadable: ${(error as Error).message}` };
  }
  let text: string;
  const notes: Note[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = buffer.toString('latin1');
    notes.push({
      kind: 'parse-error',
      message:
        "not valid UTF-8: decoded as Latin-1 and analysed (positions of non-ASCII characters may differ from your editor's)",
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const unfit =
    contentSkipReason(text, isCodeFile(file)) ?? (isCodeFile(file) ? compiledTwinReason(file, text) : undefined);
  if (unfit) return { reason: unfit };
  return notes.length ? { text, notes } : { text };
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

/** A worker that also verifies fixes keeps a TypeScript language service per project (the
 * declarations a project's files reach): room for it beside the analysis. */
const VERIFY_LIMITS = { ...DEFAULT_POOL_LIMITS, maxOldGenerationSizeMb: 512 };

/**
 * The fixes a worker verified for a file outside any TypeScript project, kept under the key
 * `FixVerifier` (cli/fix.ts) looks them up by, as it keeps those it verifies itself: a warm re-scan
 * then reuses them instead of verifying again on the main thread (which loaded TypeScript for it).
 */
function keepVerified(cache: ScanCache, scanned: ScannedFile, text: string, config: AnalysisConfig): void {
  if (!scanned.findings.some((f) => f.fixes?.some((fix) => fix.kind !== 'guidance'))) return;
  const entry: AnalysisResult & { verifiedFixes: true } = {
    findings: scanned.findings,
    notes: [],
    verifiedFixes: true,
  };
  cache.set(cache.verifiedKeyFor(scanned.path, text, config), entry, text);
}

/**
 * `PAVED_ROAD_TIMING=1`: one stderr line per scan with the wall and CPU time (the whole process, worker
 * threads included) of phase 1 (walk, read, every file analysed alone with its summary) and phase 2
 * (the files that import something that matters analysed again), for `npm run bench -- project`.
 * Times and counts only: no path, no text.
 */
function timingLine(
  one: { ms: number; cpu: NodeJS.CpuUsage } | undefined,
  two: { ms: number; cpu: NodeJS.CpuUsage } | undefined,
  count: SecondPhaseCount | undefined,
  files: number,
): void {
  if (process.env.PAVED_ROAD_TIMING !== '1' || !one) return;
  const cpuMs = (u: NodeJS.CpuUsage): number => Math.round((u.user + u.system) / 1000);
  // Up to the end of phase 2 (the pool's exit, which a one-phase scan pays too, is left out).
  const total = two ?? one;
  process.stderr.write(
    `paved-road timing: ${JSON.stringify({
      files,
      phase1: { wallMs: Math.round(one.ms), cpuMs: cpuMs(one.cpu) },
      phase2: {
        wallMs: Math.round(total.ms - one.ms),
        cpuMs: cpuMs(total.cpu) - cpuMs(one.cpu),
        handed: count?.handed ?? 0,
        analysed: count?.analysed ?? 0,
      },
      total: { wallMs: Math.round(total.ms), cpuMs: cpuMs(total.cpu) },
    })}\n`,
  );
}

export async function scanPaths(paths: string[], config: AnalysisConfig, hooks: ScanHooks = {}): Promise<ScanSummary> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let phaseOneEnd: { ms: number; cpu: NodeJS.CpuUsage } | undefined;
  let phaseTwoEnd: { ms: number; cpu: NodeJS.CpuUsage } | undefined;
  let phaseTwoCount: SecondPhaseCount | undefined;
  let skipped: Skipped[] = [];
  const walkNotes: string[] = [];
  let files = timed('walk', () => collectFiles(paths, skipped, walkNotes));
  // Every file of the project, for module resolution (a shard still resolves into the others).
  const allFiles = files;
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
  const wanted =
    hooks.jobs === 'auto'
      ? Math.min(Math.max(1, availableParallelism() - 1), Math.floor(files.length / AUTO_FILES_PER_WORKER))
      : (hooks.jobs ?? 1);
  const jobs = workerScript() ? Math.max(1, Math.min(wanted, files.length)) : 1;
  const inWorkers =
    jobs > 1 || (hooks.jobs !== undefined && workerScript() !== undefined && files.length >= SINGLE_WORKER_FROM_FILES);
  // Started at the first file the cache does not answer (a warm re-scan of an unchanged tree never
  // starts a thread: each one loads the whole engine, seconds of CPU for nothing).
  let pool: AnalysisPool | undefined;
  const startPool = (): AnalysisPool =>
    (pool ??= new AnalysisPool(jobs, hooks.verifyFixes ? VERIFY_LIMITS : undefined, 2));
  const inFlight = new Set<Promise<void>>();
  const tooBig: {
    index: number;
    file: string;
    key?: string;
    count: number;
    policy: Policy | undefined;
    effective: AnalysisConfig;
    readNotes: Note[];
  }[] = [];
  let ignored = 0;
  const silenced: Record<string, number> = {};
  const silence = (key: string, n: number): void => {
    if (n) silenced[key] = (silenced[key] ?? 0) + n;
  };
  let lines = 0;
  let done = 0;
  // Phase 1 (issue 23): each file's summary comes with its analysis; phase 2 (project-scan.ts)
  // analyses again, with the summaries of what they import, the files that import something that matters.
  const phaseOne: PhaseOne[] = [];
  const remember = (index: number, result: AnalysisResult, entry: Omit<PhaseOne, 'index' | 'summary'>): void => {
    if (result.summary) phaseOne.push({ index, summary: result.summary, ...entry });
  };
  const finish = (index: number, value: ScannedFile | Skipped | undefined): void => {
    slots[index] = value;
    hooks.onFile?.(++done, files.length);
  };
  // After analysis (never cached: a baseline file may change while the code does not).
  const notAnalysed = (file: string): Severity => hooks.notAnalysedLevel ?? notAnalysedLevel(isConfigFile(file));
  // What the declarations silenced, per file: a file analysed again in the second phase replaces its
  // first count instead of adding to it.
  const silencedByFile = new Map<string, Record<string, number>>();
  const scannedFile = (
    file: string,
    text: string,
    count: number,
    result: AnalysisResult,
    policy: Policy | undefined,
    effective: AnalysisConfig,
    readNotes: Note[] = [],
    verified = false,
  ): ScannedFile => {
    const own: Record<string, number> = {};
    silencedByFile.set(file, own);
    const silence = (key: string, n: number): void => {
      if (n) own[key] = (own[key] ?? 0) + n;
    };
    let findings = result.findings;
    let baselined: Finding[] = [];
    let baseline: BaselineMatcher | { error: string } | undefined =
      hooks.baseline === false ? undefined : hooks.baseline;
    if (hooks.baseline === undefined && policy?.baseline) baseline = baselines.get(policy.baseline);
    if (baseline && 'error' in baseline) {
      if (!baselineErrors.has(baseline.error)) {
        baselineErrors.add(baseline.error);
        hooks.onBaselineError?.(baseline.error);
      }
    } else if (baseline) {
      ({ findings, baselined } = baseline.split(file, text, findings));
      silence(hooks.baseline ? COMMAND_LINE_BASELINE : baselineKey(policy!.baseline!), baselined.length);
    }
    for (const [key, n] of Object.entries(result.silenced ?? {})) silence(key, n);
    // What was not checked is a finding of its own, never baselined (fail closed: coverage.ts).
    const notes = readNotes.length ? [...readNotes, ...result.notes] : result.notes;
    const uncovered = coverageFindings(notes, notAnalysed(file));
    if (uncovered.length) findings = [...uncovered, ...findings];
    const reported = findings.length || baselined.length || notes.length || result.suppressed?.length;
    return {
      path: file,
      lines: count,
      findings,
      notes,
      ...(hooks.keepText && reported ? { text, config: effective } : {}),
      ...(result.suppressed ? { suppressed: result.suppressed } : {}),
      ...(baselined.length ? { baselined } : {}),
      ...(result.routes?.length
        ? { routes: result.routes.map(({ span, ...r }) => ({ ...r, line: lineAt(text, span.start) })) }
        : {}),
      ...(verified ? { fixesVerified: true as const } : {}),
    };
  };
  try {
    for (let i = 0; i < files.length; i++) {
      if (hooks.isCancelled?.()) break;
      const file = files[i];
      const policy = hooks.resolver?.policyFor(file);
      if (policy && hooks.resolver!.isIgnored(file, policy)) {
        ignored++;
        const pattern = hooks.resolver!.ignoredBy(file, policy);
        const entry = policy.declared.find(
          (d) => d.kind === 'ignore' && pattern !== undefined && d.key.endsWith(`#${pattern}`),
        );
        if (entry) silence(entry.key, 1);
        finish(i, undefined);
        continue;
      }
      const read = readSource(file, maxBytes);
      if ('reason' in read) {
        finish(i, { path: file, reason: read.reason });
        continue;
      }
      const text = read.text;
      const readNotes = read.notes ?? [];
      const count = text.split('\n').length;
      lines += count;
      const moduleType = hooks.resolver?.moduleTypeFor(file);
      // What the project's manifests say (dependencies, Node.js version): fixes are verified against it.
      const project = hooks.resolver?.projectFor(file).facts;
      const effective: AnalysisConfig = {
        ...(policy ? withPolicy(config, policy) : config),
        ...(moduleType ? { moduleType } : {}),
        ...(project ? { project } : {}),
        // A template too: its (empty) summary puts it in the second phase, which hands it how it is rendered.
        ...(scriptKindOf(file) || templateEngineOf(file) ? { summarize: true } : {}),
      };
      const entry = { file, count, policy, effective, readNotes };
      const key = cache?.keyFor(file, text, effective);
      const cached = key !== undefined ? cache!.get(key, text.length) : undefined;
      if (cached) {
        remember(i, cached, { ...entry, cached: true });
        finish(i, scannedFile(file, text, count, cached, policy, effective, readNotes));
      } else if (inWorkers) {
        const index = i;
        const running = startPool();
        // fix verification in the worker (issue 22): the cache keeps the unverified result.
        const verify = hooks.verifyFixes
          ? {
              ...(hooks.resolver?.projectFor(file).tsconfig
                ? { tsconfig: hooks.resolver.projectFor(file).tsconfig }
                : {}),
            }
          : undefined;
        const task = running
          .run(file, text, effective, undefined, undefined, verify)
          .then(
            ({ verdicts, ...result }) => {
              if (key !== undefined) cache!.set(key, result, text);
              remember(index, result, entry);
              const scanned = scannedFile(
                file,
                text,
                count,
                verdicts ? withVerdicts(result, verdicts) : result,
                policy,
                effective,
                readNotes,
                verify !== undefined,
              );
              if (key !== undefined && verify && !verify.tsconfig) keepVerified(cache!, scanned, text, effective);
              finish(index, scanned);
            },
            (error: Error) => {
              // Too big for a pool worker's heap: retried alone once the pool is gone (below).
              if (error instanceof OutOfMemory) tooBig.push({ index, file, key, count, policy, effective, readNotes });
              else finish(index, { path: file, reason: `analysis failed: ${error.message}` });
            },
          )
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        // Keep a few texts queued per worker, not the whole tree in memory.
        while (running.load >= running.size * 4) await Promise.race(inFlight);
      } else {
        const result = analyze({ file, text }, effective);
        if (key !== undefined) cache!.set(key, result, text);
        remember(i, result, entry);
        finish(i, scannedFile(file, text, count, result, policy, effective, readNotes));
      }
      // Let the server answer other requests between files.
      if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(inFlight);
    phaseOneEnd = { ms: performance.now() - started, cpu: process.cpuUsage(cpuStart) };
    if (!hooks.isCancelled?.()) {
      phaseTwoCount = await secondPhase({
        paths,
        allFiles,
        phaseOne,
        pool: inWorkers ? startPool : undefined,
        cache,
        maxBytes,
        outside: hooks.include ? (f) => !hooks.include!(f) : undefined,
        replace: (index, file, text, result, e, config) => {
          slots[index] = scannedFile(file, text, e.count, result, e.policy, config ?? e.effective, e.readNotes);
        },
      });
      phaseTwoEnd = { ms: performance.now() - started, cpu: process.cpuUsage(cpuStart) };
    }
  } finally {
    await pool?.close();
  }
  timingLine(phaseOneEnd, phaseTwoEnd, phaseTwoCount, files.length);
  const threadTimes: PhaseTimes = { ...pool?.phaseTimes };
  if (tooBig.length) {
    // The files a pool worker's heap could not hold get one worker of their own with a larger
    // heap, one file at a time and only after the pool has exited: peak memory is the larger of
    // the two phases, never their sum.
    const large = new AnalysisPool(1, LARGE_FILE_LIMITS);
    try {
      for (const t of tooBig) {
        const read = readSource(t.file, maxBytes);
        if ('reason' in read) {
          finish(t.index, { path: t.file, reason: read.reason });
          continue;
        }
        try {
          const result = await large.run(t.file, read.text, t.effective);
          if (t.key !== undefined && cache) cache.set(cache.keyFor(t.file, read.text, t.effective), result, read.text);
          finish(t.index, scannedFile(t.file, read.text, t.count, result, t.policy, t.effective, t.readNotes));
        } catch (error) {
          finish(t.index, {
            path: t.file,
            reason:
              error instanceof OutOfMemory
                ? `too large to analyse: ${error.message}`
                : `analysis failed: ${(error as Error).message}`,
          });
        }
      }
    } finally {
      await large.close();
      addPhaseTimes(threadTimes, large.phaseTimes);
    }
  }
  for (const own of silencedByFile.values()) for (const [key, n] of Object.entries(own)) silence(key, n);
  const scanned: ScannedFile[] = [];
  for (const slot of slots) {
    if (!slot) continue;
    if ('reason' in slot) skipped.push(slot);
    else scanned.push(slot);
  }
  // A file not analysed is a finding of its own in every output, not only a "skipped" line: code
  // and templates at error by default, config documents at warning; a link (never followed) or a
  // file named on the command line that is no kind of source at all, or a compiled twin whose
  // TypeScript source is analysed (compiled-twin.ts), at info.
  for (const s of skipped) {
    const incidental = s.reason === SYMLINK_REASON || s.reason === NOT_SOURCE_REASON || isCompiledTwinReason(s.reason);
    scanned.push({
      path: s.path,
      lines: 0,
      findings: [notAnalysedFinding(s.reason, incidental ? 'info' : notAnalysed(s.path))],
      notes: [],
      notAnalysed: true,
      ...(hooks.keepText ? { text: '' } : {}),
    });
  }
  scanned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files: scanned,
    skipped,
    lines,
    ms: performance.now() - started,
    ...(ignored ? { ignored } : {}),
    jobs,
    parser: parserUsed(inWorkers),
    ...(cache ? { cache: { hits: cache.hits, misses: cache.misses, rejected: cache.rejected } } : {}),
    ...(Object.keys(silenced).length ? { silenced } : {}),
    ...(walkNotes.length ? { notes: walkNotes } : {}),
    ...(Object.keys(threadTimes).length ? { threadTimes } : {}),
  };
}

function parserUsed(inWorkers: boolean): string {
  if (!inWorkers) return 'typescript-estree (analysed on the calling thread, whose stack size is unknown)';
  const status = nativeParserStatus();
  return status.available ? 'oxc' : `typescript-estree (the oxc addon did not load: ${status.reason})`;
}

/** Files that were analysed (a file not analysed is listed among `files` only for its finding). */
export function analysedCount(summary: ScanSummary): number {
  return summary.files.reduce((n, f) => n + (f.notAnalysed ? 0 : 1), 0);
}
