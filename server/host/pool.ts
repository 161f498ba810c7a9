// A small pool of worker threads running the engine (server/host/scan-worker.ts), so a scan uses
// every core. Tasks are handed out one at a time to whichever worker is free, and results are put
// back in file order by the caller, so the output does not depend on which worker finished first.
//
// Each worker has its own bounded heap (`resourceLimits`): without a limit V8 lets a busy heap grow
// to hundreds of MB of garbage before it collects, per thread. A file whose analysis needs more
// than the limit kills only its worker: that file is skipped with a note, a fresh worker goes on.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisConfig, AnalysisResult } from '../engine/types';
import type { VerifyTask, WorkerReply, WorkerTask } from './scan-worker';
import type { FixVerdicts } from '../engine/fixes/verify';
import { addPhaseTimes, type PhaseTimes } from '../engine/timing';

interface Pending {
  task: WorkerTask;
  resolve(result: AnalysisResult & { verdicts?: FixVerdicts }): void;
  reject(error: Error): void;
  /** Aborted after it was posted to a worker that has not started it: its answer is dropped. */
  cancelled?: boolean;
}

/** The rejection of a task whose caller aborted it (queued: dropped; running: its worker replaced). */
export class TaskCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

interface Slot {
  worker: Worker;
  /** Tasks posted to this worker, oldest first: it answers them in this order. */
  sent: Pending[];
}

export interface PoolLimits {
  /** V8 old generation per worker (MB): the retained heap a worker may use. */
  maxOldGenerationSizeMb: number;
  /** V8 young generation per worker (MB): larger = fewer scavenges of short-lived AST nodes. */
  maxYoungGenerationSizeMb: number;
  /** The thread's stack (MB). Reserved, not used: pages are only touched by deep recursion. The
   * native parser takes files of up to stack/2 KB characters (server/engine/native-parse.ts). */
  stackSizeMb: number;
}

/** 2 GB of stack, reserved address space rather than memory: the native parser takes files of up
 * to 1 MiB (every file of the node_modules bench corpus, whose largest is lodash.js at 533 KiB; a
 * 20,000-line file is ~0.8 MB), and a file nested deep enough to need much of it is hostile: such
 * a file may touch up to half of it, ~1 GB, before its analysis ends (THREAT_MODEL.md T21). */
export const ANALYSIS_STACK_MB = 2048;

/** The smallest stack a worker is started with when bigger ones cannot be reserved (native parse ≤ 32 KiB). */
export const FALLBACK_STACK_MB = 64;

/** Enough for every file of the node_modules bench corpus (up to ~550 KB); a bigger file that
 * does not fit is retried alone with LARGE_FILE_LIMITS (scan.ts). */
export const DEFAULT_POOL_LIMITS: PoolLimits = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: ANALYSIS_STACK_MB,
};

/** For one file at a time: a 2 MiB file (the default size limit) of real code needs ~250 MB. */
export const LARGE_FILE_LIMITS: PoolLimits = {
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: ANALYSIS_STACK_MB,
};

/** The analysis of one file needed more memory than a worker may use. */
export class OutOfMemory extends Error {}

/** The worker script next to this module: dist/scan-worker.js in the bundles, out/…/scan-worker.js in tests. */
export function workerScript(): string | undefined {
  const candidate = path.join(__dirname, 'scan-worker.js');
  return fs.existsSync(candidate) ? candidate : undefined;
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  private readonly script: string;
  /** With `reuseParses`: the worker each document was last analysed on (it kept the tree). */
  private readonly home = new Map<string, Slot>();
  /** Analyses whose document was re-parsed only where it changed (for the tests and the bench). */
  partialParses = 0;
  /** Where the threads' time went, summed over them (PAVED_ROAD_TIMING=1: engine/timing.ts). */
  readonly phaseTimes: PhaseTimes = {};

  /**
   * Workers only ever run our own shipped worker script, never a path from the workspace.
   * `depth` is how many tasks a worker is given at once: with 2 (a CLI scan), the next file is
   * already waiting in the worker when it finishes one, instead of after a round trip through the
   * main thread (which is busy reading and hashing files); measured idle time per worker went
   * from ~7% to ~0. The editor keeps 1, so a stale run can always be stopped before it starts.
   * `reuseParses` (the editor's pool): each worker keeps the last tree of the documents it analysed
   * so the next version is re-parsed only where it changed (server/engine/reparse.ts), and a
   * document goes back to the worker that analysed it last whenever that worker is free.
   */
  constructor(
    size: number,
    private limits: PoolLimits = DEFAULT_POOL_LIMITS,
    private readonly depth = 1,
    private readonly reuseParses = false,
  ) {
    const script = workerScript();
    if (!script) throw new Error('scan-worker.js is missing next to the engine');
    this.script = script;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    let worker: Worker | undefined;
    while (!worker) {
      try {
        worker = new Worker(this.script, { resourceLimits: { ...this.limits } });
      } catch (error) {
        // The thread could not be created: most likely its stack's address space was refused (a
        // low `ulimit -v`, strict overcommit). Halve it: a smaller stack only shrinks what the
        // native parser takes (native-parse.ts reads the thread's actual stack size).
        if (this.limits.stackSizeMb <= FALLBACK_STACK_MB) throw error;
        this.limits = {
          ...this.limits,
          stackSizeMb: Math.max(FALLBACK_STACK_MB, Math.floor(this.limits.stackSizeMb / 2)),
        };
      }
    }
    const slot: Slot = { worker, sent: [] };
    slot.worker.on('message', (reply: WorkerReply) => {
      if (reply.timing) addPhaseTimes(this.phaseTimes, reply.timing);
      const pending = slot.sent.shift();
      if (pending && !pending.cancelled) {
        if ('error' in reply) pending.reject(new Error(reply.error));
        else {
          if (reply.partial) this.partialParses++;
          pending.resolve(reply.verdicts ? { ...reply.result, verdicts: reply.verdicts } : reply.result);
        }
      }
      this.pump();
    });
    const fail = (raw: Error): void => {
      const error =
        (raw as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new OutOfMemory(`needs more than the ${this.limits.maxOldGenerationSizeMb} MB an analysis thread may use`)
          : raw;
      // The worker died (out of memory, a crash in native code): the file it was analysing gets the
      // error, the ones waiting behind it go back to the queue, a new worker takes its place.
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      const [running, ...waiting] = slot.sent.splice(0);
      if (running && !running.cancelled) running.reject(error);
      this.queue.unshift(...waiting.filter((p) => !p.cancelled));
      if (this.closed) return;
      this.slots[index] = this.spawn();
      this.pump();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`analysis worker exited with code ${code}`));
    });
    return slot;
  }

  /** Tasks waiting or running: callers keep this bounded so texts are not all held at once. */
  get load(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.sent.length, 0);
  }

  get size(): number {
    return this.slots.length;
  }

  /** The stack each worker has (less than configured if that could not be reserved). */
  get stackSizeMb(): number {
    return this.limits.stackSizeMb;
  }

  /**
   * `config` travels with each file: each file may have its own paved-road.json. `languageId` is
   * the editor's language of a document (all an untitled one has to say what it is). Aborting
   * `signal` (the editor, when a newer version of the document is waiting) drops a queued task,
   * or terminates the worker running it and starts a fresh one; the promise rejects with
   * TaskCancelled. `verify`: the worker also verifies the file's fixes; the result then carries
   * `verdicts` (engine/fixes/verify.ts `withVerdicts`).
   */
  run(
    file: string,
    text: string,
    config: AnalysisConfig,
    signal?: AbortSignal,
    languageId?: string,
    verify?: VerifyTask,
  ): Promise<AnalysisResult & { verdicts?: FixVerdicts }> {
    return new Promise((resolve, reject) => {
      const task: WorkerTask = { id: this.nextId++, file, text, config };
      if (languageId) task.languageId = languageId;
      if (verify) task.verify = verify;
      if (this.reuseParses) task.reuse = true;
      const pending: Pending = { task, resolve, reject };
      if (signal?.aborted) return reject(new TaskCancelled());
      signal?.addEventListener('abort', () => this.cancel(pending), { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  private cancel(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    const index = this.slots.findIndex((s) => s.sent.includes(pending));
    if (index >= 0 && !this.closed) {
      const slot = this.slots[index];
      if (slot.sent[0] === pending) {
        // Running: stop it. The tasks posted behind it go back to the queue for the new worker.
        this.slots[index] = this.spawn(); // the old slot is no longer listed: its exit is not a crash
        this.queue.unshift(...slot.sent.splice(1).filter((p) => !p.cancelled));
        slot.sent.length = 0;
        void slot.worker.terminate();
      } else {
        pending.cancelled = true; // posted but not started: its answer is dropped
      }
    }
    if (queued >= 0 || index >= 0) pending.reject(new TaskCancelled());
    this.pump();
  }

  private pump(): void {
    if (this.reuseParses) {
      // A document's own worker if it is free (it kept the document's tree), else any free one.
      for (let k = 0; k < this.queue.length; ) {
        const pending = this.queue[k];
        const home = this.home.get(pending.task.file);
        const free = (slot: Slot) => slot.sent.length < this.depth;
        const slot = home && this.slots.includes(home) && free(home) ? home : this.slots.find(free);
        if (!slot) return;
        this.queue.splice(k, 1);
        this.home.set(pending.task.file, slot);
        this.post(slot, pending);
      }
      return;
    }
    for (const slot of this.slots) {
      while (slot.sent.length < this.depth && this.queue.length > 0) this.post(slot, this.queue.shift()!);
    }
  }

  private post(slot: Slot, pending: Pending): void {
    slot.sent.push(pending);
    slot.worker.postMessage(pending.task);
  }

  /** A closed document: the workers drop the tree they kept for it. */
  forget(file: string): void {
    this.home.delete(file);
    if (this.reuseParses) for (const slot of this.slots) slot.worker.postMessage({ forget: file });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('scan cancelled'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
