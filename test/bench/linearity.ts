// `npm run bench -- linearity [--sizes 20000,40000,80000] [--rounds N]`: is the cost of one big file
// linear in its size? Each phase of the analysis (oxc's parse, the JSON decoding of its tree,
// normalise, typescript-estree's parse, scope analysis, the Facts tree index) and every rule is timed
// on the synthetic handler file of the latency bench at each size, and the bench prints
// cost(2× size) / cost(1× size) per phase: 2.0 is linear, and anything above 2.1 is flagged, so a
// quadratic rule shows as a number instead of a slow editor.
//
// Costs are CPU time (process.cpuUsage), so other processes on the machine change them less than
// wall time; GC pauses (wall) are charged to the phase they fell in and shown apart.
// Rounds are interleaved (each round times every size, in alternating order) and each ratio is
// taken within a round, so a machine that slows down for a while slows both sides of the ratio; the
// median and the range over rounds are printed. A phase that takes under 1 ms at the larger size
// is marked as noise: timer resolution and one GC pause decide its ratio.

import * as os from 'node:os';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { PerformanceObserver } from 'node:perf_hooks';
import type { TSESTree } from '@typescript-eslint/types';
import { Facts } from '../../server/engine/facts';
import { parse, withScopes } from '../../server/engine/parse';
import { enableNativeParser, normaliseOxcTree, OXC_OPTIONS, oxcFileName } from '../../server/engine/native-parse';
import { analyze } from '../../server/host/analyze';
import { startPhaseClock, takePhaseTimes } from '../../server/engine/timing';
import { allRules } from '../../rules';
import { syntheticFile } from './latency';

type ParseSync = (
  file: string,
  text: string,
  options: Record<string, unknown>,
) => { program: unknown; errors: readonly unknown[] };

interface Window {
  label: string;
  start: number;
  end: number;
}

/** One round's cost of each phase (ms) for one text, and when each ran (to charge GC pauses to it). */
function phases(text: string, file: string, windows: Window[]): Map<string, number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseSync } = require('oxc-parser') as { parseSync: ParseSync };
  const out = new Map<string, number>();
  // CPU time of the process (this thread and V8's helpers), not wall time: on a machine shared with
  // other work, wall time mostly measures how often this process was scheduled.
  const time = <T>(label: string, f: () => T): T => {
    const s = performance.now();
    const cpu = process.cpuUsage();
    const value = f();
    const used = process.cpuUsage(cpu);
    const end = performance.now();
    out.set(label, (out.get(label) ?? 0) + (used.user + used.system) / 1000);
    windows.push({ label, start: s, end });
    return value;
  };
  const result = time('parse: oxc (Rust, AST as JSON)', () => parseSync(oxcFileName('ts'), text, { ...OXC_OPTIONS }));
  const ast = time('parse: JSON.parse of oxc AST', () => result.program as TSESTree.Program);
  time('normalise', () => normaliseOxcTree(ast, text));
  time('parse: typescript-estree (> 1 MiB path)', () => parse(text, 'ts'));
  const parsed = { ...time('scope analysis', () => withScopes(ast)), notes: [] };
  const facts = new Facts(text, parsed);
  time('Facts tree index', () => facts.nodesOfType('Program'));
  // The bindings index is built by the first rule that asks for a variable: timed apart, so that
  // rule's ratio measures its own work (the index grows with the heap, as the tree index does).
  time('Facts bindings index', () => {
    const id = facts.nodesOfType('Identifier')[0];
    if (id) facts.variableOf(id);
  });
  // One knowledge object for every rule, as analyze() passes it: the rules' shared per-file caches
  // (credential candidates, …) are keyed on the tree and the knowledge, so a fresh object per rule
  // made every credential rule recompute them and charged each the whole cost.
  const knowledge = {};
  for (const rule of allRules) {
    time(`rule ${rule.meta.id}`, () =>
      rule.check({
        file,
        text,
        ast,
        facts,
        options: {},
        knowledge,
        report() {
          /* timing only */
        },
      }),
    );
  }
  takePhaseTimes();
  time('analyze() whole (native parse)', () => analyze({ file, text }, { maxFileBytes: Infinity }));
  // The same analysis split by the engine's phase clock (engine/timing.ts, what PAVED_ROAD_TIMING=1
  // prints): wall time, each phase without the phases inside it, so the whole's growth has a place.
  for (const [phase, ms] of Object.entries(takePhaseTimes() ?? {})) out.set(`analyze() › ${phase} (wall)`, ms);
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The GC pauses (ms) that fell inside each phase's windows. */
function gcWithin(windows: Window[], pauses: { start: number; duration: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pauses) {
    const w = windows.find((x) => p.start >= x.start && p.start < x.end);
    if (w) out.set(w.label, (out.get(w.label) ?? 0) + p.duration);
  }
  return out;
}

export async function runLinearity(options: { sizes: number[]; rounds: number }): Promise<Record<string, unknown>> {
  // A full collection before each size, so one size's garbage is not collected on the next one's time.
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  // The synthetic file nests a few levels deep at most, so the native parser's stack guard
  // (native-parse.ts) can be lifted on this thread for files of any length.
  enableNativeParser({ stackBytes: 2 ** 40 });
  startPhaseClock(); // not `1 << 40`: a 32-bit shift, 256 bytes, which turned the native parser off
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const texts = new Map(sizes.map((n) => [n, syntheticFile(n)]));
  console.log(
    `\n## linearity: one file of ${sizes.map((n) => `${n.toLocaleString('en-US')} lines (${(texts.get(n)!.length / 1024).toFixed(0)} KiB)`).join(', ')}; ${options.rounds} interleaved rounds`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.cpus().length} cores)\n`,
  );
  // warm the JIT on the smallest size
  phases(texts.get(sizes[0])!, `/virtual/linearity-${sizes[0]}.ts`, []);
  const samples = new Map<number, Map<string, number>[]>(sizes.map((n) => [n, []]));
  const gcSamples = new Map<number, Map<string, number>[]>(sizes.map((n) => [n, []]));
  const wallSamples = new Map<number, Map<string, number>[]>(sizes.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse();
    for (const n of order) {
      collect();
      await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the forced collection
      pauses.length = 0;
      const windows: Window[] = [];
      samples.get(n)!.push(phases(texts.get(n)!, `/virtual/linearity-${n}.ts`, windows));
      await new Promise((r) => setTimeout(r, 50));
      gcSamples.get(n)!.push(gcWithin(windows, pauses));
      const wall = new Map<string, number>();
      for (const w of windows) wall.set(w.label, (wall.get(w.label) ?? 0) + w.end - w.start);
      wallSamples.get(n)!.push(wall);
    }
    process.stderr.write(`round ${round + 1}/${options.rounds} done\n`);
  }
  observer.disconnect();
  const labels = [...samples.get(sizes[0])![0].keys()];
  const pairs = sizes.slice(1).map((n, i) => [sizes[i], n] as const);
  const header = `${'phase'.padEnd(44)} ${sizes.map((n) => `${n / 1000}k cpu ms`.padStart(11)).join(' ')} ${'GC%'.padStart(4)}  ${pairs.map(([a, b]) => `${b / 1000}k/${a / 1000}k (range)`.padStart(22)).join(' ')}  ${pairs.map(([a, b]) => `${b / 1000}k/${a / 1000}k w/o GC`.padStart(16)).join(' ')}`;
  console.log(header);
  const record: Record<string, unknown> = { sizes, rounds: options.rounds, phases: {} as Record<string, unknown> };
  const flagged: string[] = [];
  for (const label of labels) {
    const ms = sizes.map((n) => median(samples.get(n)!.map((s) => s.get(label)!)));
    const cells = pairs.map(([a, b]) => {
      const ratios = samples
        .get(a)!
        .map((s, r) => samples.get(b)![r].get(label)! / Math.max(1e-6, s.get(label)!))
        .sort((x, y) => x - y);
      const m = median(ratios);
      const big = median(samples.get(b)!.map((s) => s.get(label)!));
      const noise = big < 1;
      const size = b / a;
      if (!noise && m > 2.1 * (size / 2)) flagged.push(`${label} (${b / 1000}k/${a / 1000}k ${m.toFixed(2)})`);
      return { ratio: m, min: ratios[0], max: ratios[ratios.length - 1], noise };
    });
    // GC pauses are wall time and the phase's cost is CPU time: the phase's CPU is scaled by the
    // share of its wall time that was not a pause.
    const share = (n: number, r: number) =>
      Math.min(1, (gcSamples.get(n)![r].get(label) ?? 0) / Math.max(1e-6, wallSamples.get(n)![r].get(label)!));
    const work = (n: number, r: number) => samples.get(n)![r].get(label)! * (1 - share(n, r));
    const noGc = pairs.map(([a, b]) => median(samples.get(a)!.map((_, r) => work(b, r) / Math.max(1e-6, work(a, r)))));
    const largest = sizes[sizes.length - 1];
    const gcShare = median(samples.get(largest)!.map((_, r) => share(largest, r)));
    (record.phases as Record<string, unknown>)[label] = {
      ms,
      ratios: cells,
      ratiosWithoutGc: noGc,
      gcShareAtLargest: gcShare,
    };
    console.log(
      `${label.padEnd(44)} ${ms.map((m) => m.toFixed(1).padStart(11)).join(' ')} ${(Number.isFinite(gcShare) ? (gcShare * 100).toFixed(0) : '–').padStart(4)}  ${cells.map((c) => `${c.ratio.toFixed(2)} (${c.min.toFixed(2)}–${c.max.toFixed(2)})${c.noise ? ' ~' : c.ratio > 2.1 ? ' !' : '  '}`.padStart(22)).join(' ')}  ${noGc.map((r) => (Number.isFinite(r) ? r.toFixed(2) : '–').padStart(16)).join(' ')}`,
    );
  }
  console.log(
    `\n(wall) = analyze()'s own phases by the engine's phase clock (engine/timing.ts): wall time, no GC split (–);
! = above 2.1 (not linear); ~ = under 1 ms at the larger size (noise decides the ratio); GC% = share of the phase's wall time in GC pauses at the largest size; w/o GC = the same ratio with those pauses taken out (a phase linear in its own work can still pay a growing GC bill for the heap every phase before it left)`,
  );
  console.log(flagged.length ? `above 2.1: ${flagged.join('; ')}` : 'every phase and rule ≤ 2.1 per doubling');
  console.log(
    `load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  record.flagged = flagged;
  return record;
}
