// Tests on a loaded machine. A mocha root hook plugin (.mocharc.json `require`):
// - PAVED_ROAD_TEST_BUSY=N (`npm run test:busy` sets 1) starts N busy-loop processes for the whole
//   run, so a run proves the suite passes with cores taken by something else (as on a shared CI
//   machine); they are stopped by their pid when the run ends.
// - Every test and hook timeout, and every event ceiling (lsp-client.ts eventCeilingMs), is scaled
//   by loadFactor(): ceilings, never waits, so an idle machine is as fast as before and a loaded one
//   is slow, not red.

import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';

/** Busy-loop processes asked for with PAVED_ROAD_TEST_BUSY (0 when unset or not a number). */
export function busyProcesses(): number {
  const n = Number(process.env.PAVED_ROAD_TEST_BUSY ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 0;
}

/**
 * How much slower than idle this machine may be now: the cores the busy loops take away (2 cores
 * with 1 busy: 2×), or the 1-minute load per core, whichever is more; at least 1, at most 6.
 */
export function loadFactor(): number {
  const cores = Math.max(1, os.cpus().length);
  const busy = busyProcesses();
  const byBusy = cores / Math.max(0.5, cores - busy);
  const byLoad = os.loadavg()[0] / cores;
  return Math.min(6, Math.max(1, byBusy, byLoad));
}

const children: ChildProcess[] = [];

function stopBusy(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
}

interface Scalable {
  timeout(): number;
  timeout(ms: number): unknown;
}
interface SuiteLike extends Scalable {
  suites: SuiteLike[];
  tests: Scalable[];
  _beforeAll: Scalable[];
  _beforeEach: Scalable[];
  _afterEach: Scalable[];
  _afterAll: Scalable[];
}

function scale(suite: SuiteLike, factor: number): void {
  for (const r of [
    suite,
    ...suite.tests,
    ...suite._beforeAll,
    ...suite._beforeEach,
    ...suite._afterEach,
    ...suite._afterAll,
  ]) {
    const ms = r.timeout();
    if (ms > 0 && ms < 2 ** 31 / factor) r.timeout(Math.round(ms * factor));
  }
  for (const child of suite.suites) scale(child, factor);
}

export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    const busy = busyProcesses();
    for (let i = 0; i < busy; i++) children.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    if (busy) {
      process.once('exit', stopBusy);
      console.log(
        `  load: ${busy} busy-loop process${busy > 1 ? 'es' : ''} running for the whole run (PAVED_ROAD_TEST_BUSY)`,
      );
    }
    const factor = loadFactor();
    if (factor > 1) {
      scale(this.test!.parent as unknown as SuiteLike, factor);
      console.log(`  load: timeouts and event ceilings scaled ×${factor.toFixed(1)}`);
    }
  },
  afterAll(): void {
    stopBusy();
  },
};
