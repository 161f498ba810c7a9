// The editor's project model (issue 23): every module of the workspace summarised in the
// background (work-done progress, one worker thread, the protocol answered meanwhile), then kept
// current as documents change. An open document is analysed with the summaries of what it imports
// and the route registrations that name it; when an edit changes a file's summary, the open
// documents that depend on it are analysed again.
//
// Memory: one summary per module (each capped by SUMMARY_LIMITS: ≤ 200 exports, 100 members, 8
// sinks per function, 200 routes) plus the resolver's caches; no text and no tree is kept.

import * as path from 'node:path';
import { AnalysisPool, workerScript } from '../host/pool';
import { collectFiles, readSource, type Skipped } from '../host/scan';
import { ProjectIndex } from '../host/project';
import { isWithin } from '../host/project-scan';
import { analyze, DEFAULT_MAX_FILE_BYTES } from '../host/analyze';
import { scriptKindOf } from '../engine/parse';
import type { ModuleSummary } from '../engine/project/types';
import type { AnalysisConfig } from '../engine/types';

export interface IndexProgress {
  report(percentage: number, message: string): void;
  cancelled(): boolean;
  /** Resolves when the editor has no analysis to run: the index yields to edits between files. */
  idle?(): Promise<void>;
}

/** At most this many files are indexed (a larger workspace: the first ones, with a log line). */
export const MAX_INDEXED_FILES = 50_000;

export class WorkspaceIndex {
  private project?: ProjectIndex;
  /** Open documents' own summaries (as JSON), which win over what the index read from disk. */
  private readonly own = new Map<string, { key: string; summary: ModuleSummary | undefined }>();
  /** Files indexed, for the tests and the log. */
  indexed = 0;

  /** Summarise every source file under `roots` (summary only: no rule runs). */
  async build(roots: string[], progress?: IndexProgress, log?: (message: string) => void): Promise<void> {
    const skipped: Skipped[] = [];
    let files = collectFiles(roots, skipped).filter((f) => scriptKindOf(f) !== undefined);
    if (files.length > MAX_INDEXED_FILES) {
      log?.(
        `paved-road: indexing the first ${MAX_INDEXED_FILES} of ${files.length} source files (cross-file facts stop there)`,
      );
      files = files.slice(0, MAX_INDEXED_FILES);
    }
    const root = roots.length ? commonRoot(roots) : path.dirname(files[0] ?? '.');
    const project = new ProjectIndex(root, files, (f) => f);
    const pool = workerScript() ? new AnalysisPool(1, undefined, 2) : undefined;
    const config: AnalysisConfig = { summaryOnly: true };
    try {
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; i < files.length; i++) {
        if (progress?.cancelled()) break;
        if (progress?.idle) await progress.idle();
        const file = files[i];
        const read = readSource(file, DEFAULT_MAX_FILE_BYTES);
        if ('reason' in read) continue;
        const task = (
          pool ? pool.run(file, read.text, config) : Promise.resolve(analyze({ file, text: read.text }, config))
        )
          .then(
            (result) => {
              if (!this.own.has(file)) project.set(file, result.summary); // an open document's own summary wins
              this.indexed++;
            },
            () => undefined,
          )
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (pool && inFlight.size >= 4) await Promise.race(inFlight);
        if (!pool && i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
        if (i % 50 === 0)
          progress?.report(Math.round((i / Math.max(1, files.length)) * 100), `${i}/${files.length} files`);
      }
      await Promise.all(inFlight);
    } finally {
      await pool?.close();
    }
    for (const [file, { summary }] of this.own) project.set(file, summary);
    this.project = project;
  }

  get ready(): boolean {
    return this.project !== undefined;
  }

  /** What an open document's analysis gets from the rest of the workspace. */
  configFor(
    file: string,
  ): Pick<AnalysisConfig, 'imports' | 'registrations' | 'mounts' | 'callers' | 'strategies' | 'secretUses' | 'views'> {
    if (!this.project) return {};
    const imports = this.project.importsFor(file);
    const registrations = this.project.registrationsFor(file);
    const mounts = this.project.mountsFor(file);
    const callers = this.project.callersFor(file);
    const strategies = this.project.strategiesFor(file);
    const secretUses = this.project.secretUsesFor(file);
    const views = this.project.viewsFor(file);
    return {
      ...(strategies ? { strategies } : {}),
      ...(callers ? { callers } : {}),
      ...(imports ? { imports } : {}),
      ...(registrations ? { registrations } : {}),
      ...(mounts ? { mounts } : {}),
      ...(secretUses ? { secretUses } : {}),
      ...(views ? { views } : {}),
    };
  }

  /**
   * A document's new summary. Returns the files whose analysis may change with it (those importing
   * it, the handlers its routes register, and the routes its NestJS global guards or Next.js
   * middleware cover), or [] when the summary is unchanged.
   */
  update(file: string, summary: ModuleSummary | undefined): string[] {
    const key = JSON.stringify(summary ?? null);
    const before = this.own.get(file)?.key;
    this.own.set(file, { key, summary });
    if (!this.project) return [];
    const previous = this.project.summaryOf(file);
    if (before === key && JSON.stringify(previous ?? null) === key) return [];
    const oldTargets = this.project.targets(file);
    const oldCovered = this.project.coveredBy(file);
    this.project.set(file, summary);
    const affected = new Set<string>([
      ...this.project.dependentsOf(file),
      ...oldTargets,
      ...this.project.targets(file),
      ...oldCovered,
      ...this.project.coveredBy(file),
    ]);
    affected.delete(path.resolve(file));
    return [...affected];
  }
}

function commonRoot(roots: string[]): string {
  let root = path.resolve(roots[0]);
  for (const r of roots.map((x) => path.resolve(x)))
    while (!isWithin(r, root) && path.dirname(root) !== root) root = path.dirname(root);
  return root;
}
