// npm run bench [-- scan|latency|linearity|cache|badinput|nesting|project|all] [--corpus node_modules,examples] [--only label,label] [--repeat N]
// (latency: [--lsp-only] [--baseline-server dist-before/server.js] [--busy] — one core kept busy by another process)
// (scan, cache: [--baseline-cli dist-before/cli.js] measures another build in the same rounds)
//
// `scan` (the default) measures, in one run on the same files, the parse floor, Paved Road's full
// scan (every registered rule) and the anchors a team would otherwise run (ESLint with
// @typescript-eslint/parser + eslint-plugin-security + eslint-plugin-no-unsanitized; secretlint with
// its recommended preset), each in its own process, and prints ratios. `latency` measures edit →
// published diagnostics through the real language server. Numbers, not assertions: nothing here
// fails on a slow machine; docs/performance.md records what was measured and how.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, type Corpus } from './corpus';
import { runLatency } from './latency';
import { compare } from './ratio';
import { makeBadInput } from './bad-input';
import { runNesting } from './nesting';
import { runLinearity } from './linearity';
import { syntheticFile } from './latency';
import { runProject } from './project';

interface Measure {
  label: string;
  tool: string;
  extra?: string[];
  /** Run this many times first (e.g. to fill a cache) and measure the next run. */
  warmup?: boolean;
  /** What the ratio line compares: floor, anchor or ours. */
  role: 'floor' | 'reference' | 'ours' | 'anchor';
  /** Another build of the CLI (`--baseline-cli`): the same measure, before a change. */
  cli?: string;
}

interface Result {
  label: string;
  role: Measure['role'];
  ms: number;
  cpuMs?: number;
  maxRssMb: number;
  findings: number;
  problems?: number;
  analysed: number;
  /** Files the tool was given, when fewer than the corpus (ESLint: JS/TS only). */
  of?: number;
  /** Paved Road: which parser its analysis threads used. */
  parser?: string;
  /** The tool is not installed (context rows): why the row is empty. */
  skipped?: string;
}

const root = path.resolve(__dirname, '..', '..', '..');
const toolScript = path.join(__dirname, 'tool.js');

function measures(cacheDir: string, baselineCli?: string): Measure[] {
  // Before and after in the same rounds: the baseline build's rows run right after this build's.
  const baseline: Measure[] = baselineCli
    ? [
        { label: 'baseline --jobs 1', tool: 'paved-road', extra: ['--jobs', '1'], role: 'ours', cli: baselineCli },
        {
          label: 'baseline (all cores)',
          tool: 'paved-road',
          extra: ['--jobs', 'auto'],
          role: 'ours',
          cli: baselineCli,
        },
      ]
    : [];
  return [
    { label: 'read', tool: 'read', role: 'reference' },
    { label: 'ts.createSourceFile', tool: 'ts-parse', role: 'reference' },
    { label: 'typescript-estree parse', tool: 'estree-parse', role: 'reference' },
    { label: 'floor (engine parse)', tool: 'floor', role: 'floor' },
    { label: 'floor (native parse)', tool: 'native-floor', role: 'floor' },
    { label: 'paved-road --jobs 1', tool: 'paved-road', extra: ['--jobs', '1'], role: 'ours' },
    { label: 'paved-road (all cores)', tool: 'paved-road', extra: ['--jobs', 'auto'], role: 'ours' },
    ...baseline,
    {
      label: 'paved-road --cache (cold)',
      tool: 'paved-road',
      extra: ['--cache', '--cache-location', cacheDir],
      role: 'ours',
    },
    {
      label: 'paved-road --cache (warm)',
      tool: 'paved-road',
      extra: ['--cache', '--cache-location', cacheDir],
      role: 'ours',
      warmup: true,
    },
    { label: 'eslint (1 thread)', tool: 'eslint', role: 'anchor' },
    { label: 'eslint --concurrency auto', tool: 'eslint', extra: ['auto'], role: 'anchor' },
    { label: 'secretlint', tool: 'secretlint', role: 'anchor' },
    // Context, not targets: native linters doing less (syntax-level rules only); skipped when absent.
    { label: 'oxlint (context)', tool: 'oxlint', role: 'reference' },
    { label: 'biome lint (context)', tool: 'biome', role: 'reference' },
  ];
}

function runOnce(m: Measure, list: string, files: number, cli = m.cli): Result {
  const env = {
    ...process.env,
    ...(cli ? { BENCH_CLI: cli } : {}),
    BENCH_ESLINT_CONCURRENCY: m.tool === 'eslint' ? (m.extra?.[0] ?? 'off') : 'off',
    BENCH_TMP: os.tmpdir(),
  };
  const args = [toolScript, m.tool, list, ...(m.tool === 'eslint' ? [] : (m.extra ?? []))];
  const child = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${m.label} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const line = child.stdout.trim().split('\n').pop()!;
  const parsed = JSON.parse(line) as Omit<Result, 'label' | 'role'>;
  if (parsed.skipped)
    return { label: m.label, role: m.role, ms: 0, maxRssMb: 0, findings: 0, analysed: 0, skipped: parsed.skipped };
  // A tool that looked at fewer files than it was given (ignored them, found nothing to lint)
  // would make every ratio a lie: stop the bench instead of printing it.
  const given = parsed.of ?? files;
  // A baseline build may not read a kind of file this build reads (an older build skips `.html`): up to
  // 1% fewer is still a comparison, and the row says how many it analysed.
  const baselineShort = m.cli !== undefined && parsed.analysed < given && parsed.analysed >= given * 0.99;
  if (!given || (parsed.analysed !== given && !baselineShort))
    throw new Error(
      `${m.label} analysed ${parsed.analysed ?? 'an unknown number'} of the ${given} files it was given; the comparison would be meaningless`,
    );
  return {
    label: m.label,
    role: m.role,
    ms: parsed.ms,
    cpuMs: parsed.cpuMs,
    maxRssMb: parsed.maxRssMb,
    findings: parsed.findings,
    problems: parsed.problems,
    analysed: parsed.analysed,
    ...(parsed.of !== undefined ? { of: parsed.of } : {}),
    ...(parsed.parser ? { parser: parsed.parser } : {}),
  };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function benchCorpus(corpus: Corpus, only: Set<string> | undefined, repeat: number, baselineCli?: string): Result[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-bench-'));
  const list = path.join(tmp, 'files.json');
  fs.writeFileSync(list, JSON.stringify(corpus.files));
  const cacheDir = path.join(tmp, 'cache');
  const load = (): string =>
    os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ');
  console.log(
    `\nload average before: ${load()} (1, 5, 15 min; other processes on the machine slow every tool differently)`,
  );
  console.log(
    `\n## corpus ${corpus.name}: ${fmt(corpus.files.length)} files, ${fmt(corpus.lines)} lines, ${fmt(corpus.bytes / 1024 / 1024, 1)} MiB (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, Node ${process.version})\n`,
  );
  console.log(
    `${'tool'.padEnd(28)} ${'wall ms'.padStart(9)} ${'lines/s'.padStart(10)} ${'files/s'.padStart(8)} ${'peak RSS'.padStart(9)} ${'findings'.padStart(9)}`,
  );
  // Rounds, not one tool's repeats back to back: each round runs every tool once, in the same order,
  // so a machine that slows down for a minute slows the floor and the scan alike, and each round's
  // ratio compares runs made moments apart.
  const selected = measures(cacheDir, baselineCli).filter(
    (m) => !only || only.has(m.tool) || only.has(m.label) || (m.cli !== undefined && only.has('baseline')),
  );
  const rounds = new Map<Measure, Result[]>(selected.map((m) => [m, []]));
  for (const m of selected) if (m.warmup) runOnce(m, list, corpus.files.length);
  for (let i = 0; i < repeat; i++) {
    for (const m of selected) {
      if (m.label.includes('(cold)')) fs.rmSync(cacheDir, { recursive: true, force: true });
      rounds.get(m)!.push(runOnce(m, list, corpus.files.length));
    }
  }
  const results: Result[] = [];
  for (const m of selected) {
    const runs = [...rounds.get(m)!].sort((a, b) => a.ms - b.ms);
    const r = runs[Math.floor(runs.length / 2)];
    if (r.skipped) {
      console.log(`${m.label.padEnd(28)} skipped: ${r.skipped}`);
      continue;
    }
    results.push(r);
    console.log(
      `${m.label.padEnd(28)} ${fmt(r.ms).padStart(9)} ${fmt(corpus.lines / (r.ms / 1000)).padStart(10)} ${fmt(corpus.files.length / (r.ms / 1000)).padStart(8)} ${(fmt(r.maxRssMb) + ' MB').padStart(9)} ${fmt(r.findings).padStart(9)}${r.problems ? `  (${r.problems} files with parse problems)` : ''}${r.of !== undefined && r.of < corpus.files.length ? `  (the ${fmt(r.of)} JS/TS files only)` : ''}${r.parser ? `  (parser: ${r.parser})` : ''}${r.analysed < corpus.files.length && r.of === undefined ? `  (analysed ${fmt(r.analysed)} of the files)` : ''}`,
    );
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`load average after: ${load()}`);
  const by = (label: string) => results.find((r) => r.label === label);
  const ours = results.filter((r) => r.role === 'ours');
  // The issue's floor is typescript-estree's parse + scope analysis; the engine's analysis threads
  // now parse most files natively, so its own, lower floor is printed beside it.
  const floor = by('floor (engine parse)');
  const nativeFloor = by('floor (native parse)');
  const eslint1 = by('eslint (1 thread)');
  const eslintN = by('eslint --concurrency auto');
  const secret = by('secretlint');
  console.log('\nratios (Paved Road time ÷ other time, then in words):');
  for (const o of ours) {
    const parts: string[] = [];
    const ratio = (name: string, other: Result | undefined, ms = other?.ms) => {
      if (other && ms) parts.push(`${name} ${fmt(o.ms / ms, 2)} (${compare(o.ms, ms)})`);
    };
    ratio('/floor', floor);
    ratio('/native-floor', nativeFloor);
    ratio('/eslint-1', eslint1);
    ratio('/eslint-auto', eslintN);
    ratio('/secretlint', secret);
    if (eslint1 && secret) ratio('/(eslint-1+secretlint)', eslint1, eslint1.ms + secret.ms);
    ratio('/oxlint (context)', by('oxlint (context)'));
    ratio('/biome (context)', by('biome lint (context)'));
    console.log(`  ${o.label.padEnd(28)} ${parts.join('  ')}`);
  }
  // Each round's own ratio against the native floor (the parser the engine uses), when there were rounds.
  const nativeRuns = selected.find((m) => m.label === 'floor (native parse)');
  if (repeat > 1 && nativeRuns) {
    for (const m of selected.filter((x) => x.role === 'ours')) {
      const paired = rounds
        .get(m)!
        .map((r, i) => r.ms / rounds.get(nativeRuns)![i].ms)
        .sort((a, b) => a - b);
      console.log(
        `  ${m.label.padEnd(28)} /native-floor round by round: median ${fmt(paired[Math.floor(paired.length / 2)], 2)}, range ${fmt(paired[0], 2)}–${fmt(paired[paired.length - 1], 2)} (${paired.length} rounds)`,
      );
    }
  }
  // This build against the baseline build, round by round (each pair ran moments apart).
  for (const [mine, theirs] of [
    ['paved-road --jobs 1', 'baseline --jobs 1'],
    ['paved-road (all cores)', 'baseline (all cores)'],
  ]) {
    const a = selected.find((m) => m.label === mine);
    const b = selected.find((m) => m.label === theirs);
    if (!a || !b) continue;
    const paired = rounds
      .get(a)!
      .map((r, i) => r.ms / rounds.get(b)![i].ms)
      .sort((x, y) => x - y);
    console.log(
      `  ${mine.padEnd(28)} /baseline round by round: median ${fmt(paired[Math.floor(paired.length / 2)], 2)}, range ${fmt(paired[0], 2)}–${fmt(paired[paired.length - 1], 2)} (${paired.length} rounds)`,
    );
  }
  const cold = by('paved-road --cache (cold)');
  const warm = by('paved-road --cache (warm)');
  const one = by('paved-road --jobs 1');
  const all = by('paved-road (all cores)');
  if (one && all) console.log(`  all cores vs 1 job: ${compare(all.ms, one.ms)}`);
  if (cold && warm) console.log(`  warm cache vs cold: ${compare(warm.ms, cold.ms)}`);
  return results;
}

/**
 * `npm run bench -- cache [--corpus node_modules] [--repeat N]`: the scan cache against a cold scan,
 * round by round. Each round: a cold scan (cache emptied), a warm scan of the unchanged tree, and a
 * warm scan after one 2,000-line file of the tree changed (a temporary file in the list, rewritten
 * with another edit before that run). Ratios are cold ÷ warm within the round; median and range.
 */
function benchCache(corpus: Corpus, repeat: number, baselineCli?: string): Record<string, unknown> {
  // Inside the repository, beside the corpus: the scan's project root stays the repository's (a
  // baseline build from before 4cd84ca hangs on paths that share only /).
  fs.mkdirSync(path.join(root, 'out', 'bench'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(root, 'out', 'bench', 'cache-'));
  const changed = path.join(tmp, 'changed.ts');
  const base = syntheticFile(2000);
  let edit = 0;
  const rewrite = (): void => fs.writeFileSync(changed, `${base}\nexport const edition = ${edit++};\n`);
  rewrite();
  const list = path.join(tmp, 'files.json');
  fs.writeFileSync(list, JSON.stringify([...corpus.files, changed]));
  const files = corpus.files.length + 1;
  // The CLI under test, and (--baseline-cli) another build measured in the same rounds.
  const clis: [string, string | undefined][] = [
    ['this build', undefined],
    ...(baselineCli ? [[`baseline ${baselineCli}`, baselineCli] as [string, string]] : []),
  ];
  console.log(
    `\n## cache: corpus ${corpus.name} + one 2,000-line file (${fmt(files)} files), ${repeat} rounds; load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}\n`,
  );
  // CPU time (all the process's threads): on a loaded machine wall time mostly measures the scheduler.
  const rows = new Map<string, { cold: number; warm: number; one: number }[]>(clis.map(([name]) => [name, []]));
  for (let i = 0; i < repeat; i++) {
    for (const [name, cli] of clis) {
      const cacheDir = path.join(tmp, `cache-${name.replace(/\W+/g, '-')}`);
      const m = (label: string): Measure => ({
        label,
        tool: 'paved-road',
        extra: ['--cache', '--cache-location', cacheDir],
        role: 'ours',
      });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const c = runOnce(m('cold'), list, files, cli);
      const w = runOnce(m('warm'), list, files, cli);
      rewrite();
      const o = runOnce(m('one changed'), list, files, cli);
      const [cold, warm, one] = [c.cpuMs!, w.cpuMs!, o.cpuMs!];
      rows.get(name)!.push({ cold, warm, one });
      console.log(
        `round ${i + 1} ${name}: CPU cold ${fmt(cold)} ms, warm ${fmt(warm)} ms (${fmt(cold / warm, 1)}×), one file changed ${fmt(one)} ms (${fmt(cold / one, 1)}×)   (wall ${fmt(c.ms)} / ${fmt(w.ms)} / ${fmt(o.ms)} ms)`,
      );
    }
  }
  for (const [name] of clis) {
    const r = rows.get(name)!;
    const summary = (f: (x: { cold: number; warm: number; one: number }) => number): string => {
      const xs = r.map(f).sort((a, b) => a - b);
      return `median ${fmt(xs[Math.floor(xs.length / 2)], 1)}×, range ${fmt(xs[0], 1)}–${fmt(xs[xs.length - 1], 1)}×`;
    };
    console.log(`\n${name}:`);
    console.log(`  CPU cold ÷ warm (unchanged tree):  ${summary((x) => x.cold / x.warm)}   (target ≥ 15×)`);
    console.log(`  CPU cold ÷ warm (one file changed): ${summary((x) => x.cold / x.one)}   (target ≥ 10×)`);
  }
  console.log(
    `load average after: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
  );
  fs.rmSync(tmp, { recursive: true, force: true });
  return Object.fromEntries(rows);
}

/** `npm run bench -- badinput`: the full-size hostile tree, scanned by the real CLI bundle. */
function benchBadInput(): Record<string, unknown>[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-badinput-'));
  const started = performance.now();
  makeBadInput(dir, { tinyFiles: 100_000, generatedMb: 50, bundleKb: 2000, largeFileKb: 1900 });
  console.log(
    `\n## bad input: 100,000 tiny files, a 50 MB generated file, a 2 MB minified bundle, a 1.9 MB file of real code, a symlink loop (made in ${fmt((performance.now() - started) / 1000, 1)} s)\n`,
  );
  console.log(
    `${'run'.padEnd(28)} ${'wall ms'.padStart(9)} ${'peak RSS'.padStart(9)} ${'files'.padStart(8)} ${'skipped'.padStart(8)} ${'findings'.padStart(9)}`,
  );
  const list = path.join(dir, '..', `${path.basename(dir)}-list.json`);
  fs.writeFileSync(list, JSON.stringify([dir]));
  const out: Record<string, unknown>[] = [];
  for (const [label, extra] of [
    ['paved-road --jobs 1', ['--jobs', '1']],
    ['paved-road (all cores)', ['--jobs', 'auto']],
  ] as const) {
    const child = spawnSync(process.execPath, [toolScript, 'paved-road', list, ...extra], {
      cwd: root,
      env: { ...process.env, BENCH_TMP: os.tmpdir() },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`${label} failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      ms: number;
      maxRssMb: number;
      findings: number;
      problems: number;
      analysed: number;
    };
    console.log(
      `${label.padEnd(28)} ${fmt(r.ms).padStart(9)} ${(fmt(r.maxRssMb) + ' MB').padStart(9)} ${fmt(r.analysed).padStart(8)} ${fmt(r.problems).padStart(8)} ${fmt(r.findings).padStart(9)}`,
    );
    out.push({ label, ...r });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(list, { force: true });
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = args[0] && !args[0].startsWith('--') ? args[0] : 'scan';
  const option = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const corpora = (option('corpus') ?? 'node_modules,examples').split(',');
  const only = option('only') ? new Set(option('only')!.split(',')) : undefined;
  const repeat = Number(option('repeat') ?? 1);
  const record: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
  };
  if (mode === 'scan' || mode === 'all') {
    for (const name of corpora) {
      const corpus = loadCorpus(name);
      // The small corpus is dominated by start-up; repeat it and take the median.
      record[name] = {
        files: corpus.files.length,
        lines: corpus.lines,
        results: benchCorpus(corpus, only, name === 'examples' ? Math.max(repeat, 5) : repeat, option('baseline-cli')),
      };
    }
  }
  if (mode === 'badinput') {
    record.badinput = benchBadInput();
  }
  if (mode === 'nesting') {
    record.nesting = runNesting();
  }
  if (mode === 'cache') {
    record.cache = benchCache(
      loadCorpus(option('corpus') ?? 'node_modules'),
      Math.max(1, Number(option('repeat') ?? 3)),
      option('baseline-cli'),
    );
  }
  if (mode === 'linearity') {
    record.linearity = await runLinearity({
      sizes: (option('sizes') ?? '20000,40000,80000').split(',').map(Number),
      rounds: Number(option('rounds') ?? 5),
    });
  }
  if (mode === 'project') {
    // Issue 23's cost targets on a synthetic layered project (test/bench/project.ts).
    record.project = await runProject({
      files: Number(option('files') ?? 1000),
      ...(option('lines') ? { lines: Number(option('lines')) } : {}),
      rounds: Math.max(1, Number(option('rounds') ?? 3)),
      edits: Math.max(1, Number(option('edits') ?? 20)),
      dependents: Math.max(1, Number(option('dependents') ?? 10)),
      scope: option('scope') === 'workspace' ? 'workspace' : 'openFiles',
      cli: !args.includes('--lsp-only'),
      lsp: !args.includes('--cli-only'),
    });
  }
  if (mode === 'latency' || mode === 'all') {
    record.latency = await runLatency({
      edits: Number(option('edits') ?? 60),
      lspOnly: args.includes('--lsp-only'),
      ...(option('baseline-server') ? { baselineServer: path.resolve(option('baseline-server')!) } : {}),
      busy: args.includes('--busy'),
    });
  }
  const outFile = path.join(root, 'out', 'bench', `${mode}-${Date.now()}.json`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(record, null, 2));
  console.log(`\nraw numbers: ${path.relative(root, outFile)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
