// Where a scan's time goes, per phase (issue 24; the CLI's `PAVED_ROAD_TIMING=1`). Off unless a
// front door starts the clock on its thread: then `timed(phase, fn)` adds fn's wall time to the
// phase, without the time of the phases timed inside it (scope analysis inside the parse, the tree
// index inside the rule that asked for it first), so the phases add up to the time they cover.
// A phase marked `whole` (fix verification) takes everything inside it: the analyses a verification
// runs are its cost, not the scan's parse or rules.
//
// Only numbers and the fixed phase names below leave it: no file name, no text.

export type Phase =
  | 'walk'
  | 'read'
  | 'hash'
  | 'cache read'
  | 'parse'
  | 'scope'
  | 'facts'
  | 'rules'
  | 'summaries'
  | 'fix verification'
  | 'cache write'
  | 'report';

export type PhaseTimes = Partial<Record<Phase, number>>;

interface Frame {
  start: number;
  nested: number;
  whole: boolean;
}

let clock: { times: PhaseTimes; stack: Frame[] } | undefined;

/** Start timing phases on this thread (a front door asked for it). */
export function startPhaseClock(): void {
  clock ??= { times: {}, stack: [] };
}

/** The phase times since the last call (and the clock keeps running), or undefined when it is off. */
export function takePhaseTimes(): PhaseTimes | undefined {
  if (!clock) return undefined;
  const { times } = clock;
  clock.times = {};
  return times;
}

/** Adds `more` into `into` (a pool summing its threads' times). */
export function addPhaseTimes(into: PhaseTimes, more: PhaseTimes): void {
  for (const [phase, ms] of Object.entries(more) as [Phase, number][]) into[phase] = (into[phase] ?? 0) + ms;
}

/** Runs fn (synchronous), charging its wall time to `phase` when the clock runs. */
export function timed<T>(phase: Phase, fn: () => T, options: { whole?: boolean } = {}): T {
  const c = clock;
  if (!c) return fn();
  const outer = c.stack[c.stack.length - 1];
  if (outer?.whole) return fn();
  const frame: Frame = { start: performance.now(), nested: 0, whole: options.whole === true };
  c.stack.push(frame);
  try {
    return fn();
  } finally {
    c.stack.pop();
    const total = performance.now() - frame.start;
    c.times[phase] = (c.times[phase] ?? 0) + total - frame.nested;
    if (outer) outer.nested += total;
  }
}

/** Stop timing on this thread (tests). */
export function stopPhaseClock(): void {
  clock = undefined;
}
