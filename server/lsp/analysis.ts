// Analysis off the language server's main thread. The server's main thread answers the protocol
// (hovers, code actions, other documents' diagnostics); the engine runs in worker threads — the
// CLI's own AnalysisPool and scan-worker, not a second pool — so a 20,000-line document being
// analysed never holds up a small one.
//
// Per document, one run at a time: a request made while a run is going waits for it, and any later
// request supersedes every earlier one that has not started (intermediate versions are never
// analysed). A running analysis of a superseded version is stopped (its worker terminated and
// replaced) when waiting for it would take longer than starting a fresh worker; otherwise it is
// left to finish and its result is dropped. Two workers: one document's run never waits for
// another's unless more than two documents are being edited at once.

import { ANALYSIS_STACK_MB, AnalysisPool, TaskCancelled, workerScript, type PoolLimits } from '../host/pool';
import { analyze } from '../host/analyze';
import type { AnalysisConfig, AnalysisResult, SourceDocument } from '../engine/types';

export type Outcome =
  | { kind: 'done'; result: AnalysisResult }
  /** A later request for the same document was made; this one's result would be stale. */
  | { kind: 'superseded' }
  /** The worker died (out of memory, a native crash) or the engine threw; a fresh worker took its place. */
  | { kind: 'failed'; error: Error };

/** Below this expected remaining time a stale run is left to finish: a fresh worker costs about this much CPU to load the engine (measured idle; more under load). */
export const STOP_STALE_AFTER_MS = 500;
/** A stale run going on this long (and three times its document's last run) is stopped whatever it had left. */
const OVERDUE_MS = 3000;
const RECHECK_MS = 250;
export const EDITOR_WORKERS = 2;
/**
 * Heap per editor worker. The scan's default (128 MB) is too small for a 20,000-line file (it needs
 * between 128 and 256 MB: typescript-estree's AST, scopes, facts); a document the editor cannot
 * analyse gets an information diagnostic instead of findings. A larger young generation means
 * fewer scavenges of the short-lived AST nodes (measured: 20,000 lines ~15% faster with 64 MB).
 */
export const EDITOR_WORKER_LIMITS: PoolLimits = {
  maxOldGenerationSizeMb: 384,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: ANALYSIS_STACK_MB,
};

interface Run {
  ticket: number;
  started: number;
  controller: AbortController;
  done: Promise<unknown>;
}

interface DocumentState {
  /** The newest request's ticket; a run whose ticket is lower is stale. */
  latest: number;
  running?: Run;
  /** How long this document's last completed run took, to judge whether stopping a stale run pays. */
  lastMs?: number;
  /** The file name its analyses were given: the workers keep its tree under that name. */
  file?: string;
}

export class EditorAnalysis {
  private readonly pool?: AnalysisPool;
  private readonly documents = new Map<string, DocumentState>();
  private tickets = 0;

  /** Without the worker script (a build without dist/scan-worker.js) the engine runs in-process. */
  constructor(workers = EDITOR_WORKERS) {
    if (workers > 0 && workerScript()) this.pool = new AnalysisPool(workers, EDITOR_WORKER_LIMITS, 1, true);
  }

  get inWorkers(): boolean {
    return this.pool !== undefined;
  }

  /** Runs requested and not yet settled (waiting or running), for `idle`. */
  private active = 0;
  private readonly idleWaiters: (() => void)[] = [];

  /** Whether no document's analysis is waiting or running. */
  get isIdle(): boolean {
    return this.active === 0;
  }

  /**
   * Resolves when no document's analysis is waiting or running: background work (the workspace
   * index) waits on it between files, so an edit's analysis does not share the CPU with it.
   */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async run(key: string, document: SourceDocument, config: AnalysisConfig): Promise<Outcome> {
    this.active++;
    try {
      return await this.runNow(key, document, config);
    } finally {
      if (--this.active === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async runNow(key: string, document: SourceDocument, config: AnalysisConfig): Promise<Outcome> {
    const state = this.documents.get(key) ?? { latest: 0 };
    this.documents.set(key, state);
    const ticket = (state.latest = ++this.tickets);
    state.file = document.file;
    while (state.running) {
      const running = state.running;
      // Stale from now on. Re-judged while waiting, so a runaway run (a rule looping without a
      // safe point) is stopped too instead of holding the document's diagnostics forever.
      for (;;) {
        const elapsed = performance.now() - running.started;
        const expectedLeft = (state.lastMs ?? 0) - elapsed;
        const overdue = elapsed > Math.max(OVERDUE_MS, 3 * (state.lastMs ?? 0));
        if (expectedLeft > STOP_STALE_AFTER_MS || overdue) {
          running.controller.abort();
          break;
        }
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          running.done.then(() => true),
          new Promise<boolean>((r) => {
            timer = setTimeout(() => r(false), RECHECK_MS);
          }),
        ]);
        clearTimeout(timer);
        if (finished) break;
      }
      await running.done;
      if (state.latest !== ticket) return { kind: 'superseded' };
    }
    const controller = new AbortController();
    const started = performance.now();
    const work = this.pool
      ? this.pool.run(document.file, document.text, config, controller.signal, document.languageId)
      : Promise.resolve().then(() => analyze(document, config));
    const run: Run = { ticket, started, controller, done: work.catch(() => undefined) };
    state.running = run;
    try {
      const result = await work;
      state.lastMs = performance.now() - started;
      return state.latest === ticket ? { kind: 'done', result } : { kind: 'superseded' };
    } catch (error) {
      if (error instanceof TaskCancelled) return { kind: 'superseded' };
      return { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      if (state.running === run) state.running = undefined;
    }
  }

  /** A closed document: its pending requests are superseded, a running analysis is stopped. */
  forget(key: string): void {
    const state = this.documents.get(key);
    if (!state) return;
    state.latest = ++this.tickets;
    state.running?.controller.abort();
    this.documents.delete(key);
    if (state.file !== undefined) this.pool?.forget(state.file);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
