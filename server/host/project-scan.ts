// The scan's second phase (issue 23). Phase 1 analysed every file and kept its summary (cached
// with its result). Here the summaries meet: modules are resolved over the whole file set, and
// each file importing a module whose summary can change its findings is analysed again with those
// summaries (`AnalysisConfig.imports`), in the same pool and through the same cache (the key
// includes the imported summaries, so a changed dependency invalidates its dependents and nothing
// else). With `--shard`, the modules of the other shards are summarised first (summary only, no
// rule runs, through the same cache): every shard sees the same summaries, so shards stay
// disjoint and their union is the whole scan.

import * as path from 'node:path';
import { analyze } from './analyze';
import { scriptKindOf } from '../engine/parse';
import type { ModuleSummary } from '../engine/project/types';
import type { AnalysisConfig, AnalysisResult, Note } from '../engine/types';
import type { Policy } from '../config/load';
import type { ScanCache } from './cache';
import type { AnalysisPool } from './pool';
import { ProjectIndex } from './project';
import { timed } from '../engine/timing';
import { readSource } from './scan';

export interface PhaseOne {
  index: number;
  file: string;
  count: number;
  policy: Policy | undefined;
  effective: AnalysisConfig;
  readNotes: Note[];
  summary: ModuleSummary;
  /** Its phase-1 result came from the cache. */
  cached?: boolean;
}

export interface SecondPhase {
  paths: string[];
  allFiles: readonly string[];
  phaseOne: readonly PhaseOne[];
  /** The scan's worker pool, started on first use (undefined: analyse in this thread). */
  pool: (() => AnalysisPool) | undefined;
  cache: ScanCache | undefined;
  maxBytes: number;
  /** Files outside the part being scanned (`--shard`): summarised when imported, never reported. */
  outside?: (file: string) => boolean;
  /** `config`: what the file was analysed with here (its imports, uses…), for verifying its fixes alike. */
  replace(
    index: number,
    file: string,
    text: string,
    result: AnalysisResult,
    entry: PhaseOne,
    config?: AnalysisConfig,
  ): void;
}

/** The folder module resolution stops at: the scanned folder (or a scanned file's). */
export function projectRoot(paths: readonly string[]): string {
  const first = path.resolve(paths[0] ?? '.');
  const dirs = paths.map((p) => path.resolve(p)).map((p) => (path.extname(p) ? path.dirname(p) : p));
  let root = dirs[0] ?? first;
  for (const d of dirs) while (!isWithin(d, root) && path.dirname(root) !== root) root = path.dirname(root);
  return root;
}

/**
 * Whether `dir` is `root` or inside it. A file-system root (`/`, `C:\`) already ends with its
 * separator: appending another made nothing inside it, and the loops above climbed `/` forever
 * when the scanned paths shared no folder but the root (a scan of /work/a and /tmp/b hung).
 */
export function isWithin(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

async function run(
  pool: (() => AnalysisPool) | undefined,
  file: string,
  text: string,
  config: AnalysisConfig,
): Promise<AnalysisResult> {
  return pool ? pool().run(file, text, config) : analyze({ file, text }, config);
}

/** What the second phase did: files handed other modules' facts, and of those, analysed again (not cached). */
export interface SecondPhaseCount {
  handed: number;
  analysed: number;
}

export async function secondPhase(p: SecondPhase): Promise<SecondPhaseCount> {
  const count: SecondPhaseCount = { handed: 0, analysed: 0 };
  if (p.phaseOne.length === 0) return count;
  const root = projectRoot(p.paths);
  // A step in another file names it as the scan names that file (its findings' path).
  const names = new Map(p.allFiles.map((f) => [path.resolve(f), f]));
  const project = timed('summaries', () => {
    const index = new ProjectIndex(root, p.allFiles, (f) => names.get(f) ?? f);
    for (const e of p.phaseOne) index.set(e.file, e.summary);
    return index;
  });
  const before = p.cache ? { hits: p.cache.hits, misses: p.cache.misses } : undefined;
  if (p.outside) {
    // Every module of the other shards is summarised (summary only: no rule runs; cached like any
    // result): what this shard imports, and the route registrations that name its handlers, are
    // then the same as in a whole scan.
    const missing = p.allFiles.filter((f) => p.outside!(f) && scriptKindOf(f) !== undefined);
    const running = new Set<Promise<void>>();
    for (const file of missing) {
      const read = readSource(file, p.maxBytes);
      if ('reason' in read) continue;
      const config: AnalysisConfig = { summaryOnly: true };
      const key = p.cache?.keyFor(file, read.text, config);
      const cached = key !== undefined ? p.cache!.get(key, read.text.length) : undefined;
      if (cached) {
        project.set(file, cached.summary);
        continue;
      }
      const task = run(p.pool, file, read.text, config)
        .then(
          (result) => {
            if (key !== undefined) p.cache!.set(key, result, read.text);
            project.set(file, result.summary);
          },
          () => undefined,
        )
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= (p.pool ? p.pool().size * 4 : 1)) await Promise.race(running);
    }
    await Promise.all(running);
    if (before && p.cache) {
      p.cache.hits = before.hits;
      p.cache.misses = before.misses;
    }
  }
  // The cache's counters speak of files: a file is reused when neither phase analysed it, and a
  // second-phase lookup is not a file of its own (counters restored, then adjusted per file).
  const counted = p.cache ? { hits: p.cache.hits, misses: p.cache.misses } : undefined;
  const analysedAgain = (e: PhaseOne): void => {
    if (counted && e.cached) {
      counted.hits--;
      counted.misses++;
    }
  };
  const tasks: Promise<void>[] = [];
  for (const e of p.phaseOne) {
    // What the project hands this file: the project model's share of the summaries phase.
    const { imports, registrations, mounts, callers, strategies, secretUses, views } = timed('summaries', () => ({
      imports: project.importsFor(e.file),
      registrations: project.registrationsFor(e.file),
      mounts: project.mountsFor(e.file),
      callers: project.callersFor(e.file),
      strategies: project.strategiesFor(e.file),
      secretUses: project.secretUsesFor(e.file),
      views: project.viewsFor(e.file),
    }));
    if (!imports && !registrations && !mounts && !callers && !strategies && !secretUses && !views) continue;
    const read = readSource(e.file, p.maxBytes);
    if ('reason' in read) continue;
    count.handed++;
    const config: AnalysisConfig = {
      ...e.effective,
      ...(imports ? { imports } : {}),
      ...(registrations ? { registrations } : {}),
      ...(mounts ? { mounts } : {}),
      ...(callers ? { callers } : {}),
      ...(strategies ? { strategies } : {}),
      ...(secretUses ? { secretUses } : {}),
      ...(views ? { views } : {}),
    };
    delete config.summarize;
    const key = p.cache?.keyFor(e.file, read.text, config);
    const cached = key !== undefined ? p.cache!.get(key, read.text.length) : undefined;
    if (cached) {
      p.replace(e.index, e.file, read.text, cached, e, config);
      continue;
    }
    count.analysed++;
    tasks.push(
      run(p.pool, e.file, read.text, config).then(
        (result) => {
          analysedAgain(e);
          if (key !== undefined) p.cache!.set(key, result, read.text);
          p.replace(e.index, e.file, read.text, result, e, config);
        },
        () => {
          /* the phase-1 result stands: it is this file alone, as before */
        },
      ),
    );
    if (p.pool && tasks.length % (p.pool().size * 4) === 0) await Promise.all(tasks.splice(0));
  }
  await Promise.all(tasks);
  if (counted && p.cache) {
    p.cache.hits = counted.hits;
    p.cache.misses = counted.misses;
  }
  return count;
}
