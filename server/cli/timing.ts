// `PAVED_ROAD_TIMING=1 paved-road …`: where the scan's time went, per phase (issue 24), on stderr
// after the summary line. Numbers and phase names only (engine/timing.ts): nothing of a file.

import { startPhaseClock, takePhaseTimes, type Phase, type PhaseTimes } from '../engine/timing';

const ORDER: readonly Phase[] = [
  'walk',
  'read',
  'hash',
  'cache read',
  'parse',
  'scope',
  'facts',
  'rules',
  'summaries',
  'fix verification',
  'cache write',
  'report',
];

/** Whether this run times its phases (the environment asks); starts this thread's clock if so. */
export function startTiming(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.PAVED_ROAD_TIMING !== '1') return false;
  startPhaseClock();
  return true;
}

function row(label: string, times: PhaseTimes, rest?: number): string {
  const cells = ORDER.filter((p) => times[p] !== undefined).map((p) => `${p} ${Math.round(times[p]!)}`);
  if (rest !== undefined) cells.push(`other ${Math.round(Math.max(0, rest))}`);
  return `paved-road: timing, ${label}: ${cells.length ? cells.join(', ') : 'nothing timed'}`;
}

/**
 * The lines to print: the calling thread's phases (wall ms, each without the phases inside it;
 * `other` is the rest of the process's wall time so far: start-up and loading the bundle, policy,
 * waiting for the analysis threads), the analysis threads' phases summed over the threads, and the
 * process's CPU time (all threads).
 */
export function timingLines(threadTimes: PhaseTimes | undefined): string[] {
  const main = takePhaseTimes() ?? {};
  const wall = process.uptime() * 1000;
  const timed = Object.values(main).reduce((sum, ms) => sum + ms, 0);
  const cpu = process.cpuUsage();
  return [
    row(`calling thread (wall ms, ${Math.round(wall)} in all)`, main, wall - timed),
    ...(threadTimes ? [row('analysis threads (wall ms, summed over the threads)', threadTimes)] : []),
    `paved-road: timing, process CPU: ${Math.round(cpu.user / 1000)} ms user, ${Math.round(cpu.system / 1000)} ms system`,
  ];
}
