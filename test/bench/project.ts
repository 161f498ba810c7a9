// `npm run bench -- project [--files 1000] [--lines N] [--rounds 3] [--edits 20] [--dependents 10]
// [--scope openFiles|workspace] [--cli-only|--lsp-only]`: what following data across files costs
// (issue 23, "Done when", cost), on a synthetic layered project (project-gen.ts) written to a
// temporary folder.
//
// 1. The CLI (the real bundle, `dist/cli.js scan --jobs auto`, in its own process, PAVED_ROAD_TIMING=1):
//    - two-phase ÷ per-file: from the same run, the time up to the end of phase 2 ÷ the time up to
//      the end of phase 1 (walk, read, every file analysed alone with its summary: a per-file scan
//      plus the summaries), wall and CPU (the whole process, worker threads included);
//    - cache: CPU of a cold run ÷ a warm run after one file changed, for a file nothing depends on
//      in its summary (a repository: a private function added) and for the SQL helper every filter
//      module imports (its summary changes: every importer is analysed again in phase 2).
//    Rounds interleave the runs: each round's ratios compare runs made moments apart.
// 2. The language server (dist/server.js over stdio, the workspace folder = the project): time from
//    `initialized` to the end of the index's work-done progress, against the CLI's cold scan above;
//    edits of a 2,000-line document during the indexing and after it (edit → its diagnostics);
//    then N open documents that import the SQL helper, the helper edited (its summary changes) and
//    the time until every one of them is published again; server RSS (VmRSS sampled, VmHWM) during
//    and after. Every wait is on an event (a publication, a progress end), never a sleep.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { layeredProject, lineCount, sqlCommon, SQL_COMMON, writeProject } from './project-gen';
import { edited, processCpuMs, stats, syntheticFile, timedEdit } from './latency';
import { startClient } from '../helpers/lsp-client';

const root = path.resolve(__dirname, '..', '..', '..');
const toolScript = path.join(__dirname, 'tool.js');
const load = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface ProjectBenchOptions {
  files: number;
  lines?: number;
  rounds: number;
  edits: number;
  dependents: number;
  scope: 'openFiles' | 'workspace';
  cli: boolean;
  lsp: boolean;
}

interface Timing {
  files: number;
  phase1: { wallMs: number; cpuMs: number };
  phase2: { wallMs: number; cpuMs: number; handed: number; analysed: number };
  total: { wallMs: number; cpuMs: number };
}

interface CliRun {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  findings: number;
  analysed: number;
  timing: Timing;
}

/** One scan of the project by the real CLI bundle in its own process (tool.ts), with the phase split. */
function scan(list: string, tmp: string, extra: string[]): CliRun {
  const child = spawnSync(process.execPath, [toolScript, 'paved-road', list, '--jobs', 'auto', ...extra], {
    cwd: root,
    env: { ...process.env, BENCH_TMP: tmp, PAVED_ROAD_TIMING: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`scan failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const line = child.stderr.split('\n').find((l) => l.startsWith('paved-road timing: '));
  if (!line) throw new Error(`no timing line (PAVED_ROAD_TIMING=1) on stderr: ${child.stderr.slice(-2000)}`);
  return {
    ...(JSON.parse(child.stdout.trim().split('\n').pop()!) as Omit<CliRun, 'timing'>),
    timing: JSON.parse(line.slice('paved-road timing: '.length)) as Timing,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[], digits = 2): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${fmt(median(s), digits)}, range ${fmt(s[0], digits)}–${fmt(s[s.length - 1], digits)} (${s.length} rounds)`;
};

function cliSection(dir: string, tmp: string, options: ProjectBenchOptions, record: Record<string, unknown>): CliRun[] {
  const list = path.join(tmp, 'paths.json');
  fs.writeFileSync(list, JSON.stringify([dir]));
  const cacheDir = path.join(tmp, 'cache');
  const leaf = path.join(dir, 'src', 'repositories', 'invoiceRepository.ts');
  const leafText = fs.readFileSync(leaf, 'utf8');
  const hub = path.join(dir, ...SQL_COMMON.split('/'));
  console.log(
    `\n## CLI: dist/cli.js scan --jobs auto, ${options.rounds} rounds (full scan, cache cold, one file changed, shared helper changed)\n`,
  );
  const rows: { full: CliRun; cold: CliRun; leaf: CliRun; hub: CliRun; load: string }[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const full = scan(list, tmp, []);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const cache = ['--cache', '--cache-location', cacheDir];
    const cold = scan(list, tmp, cache);
    // A real edit of a file whose summary does not change (a private helper added at its end).
    fs.writeFileSync(leaf, `${leafText}\nfunction revision(): number {\n  return ${r + 1};\n}\nvoid revision;\n`);
    const leafRun = scan(list, tmp, cache);
    // The helper every filter module imports, its page-size constant changed: its summary changes.
    fs.writeFileSync(hub, sqlCommon(r + 1));
    const hubRun = scan(list, tmp, cache);
    const row = { full, cold, leaf: leafRun, hub: hubRun, load: load() };
    rows.push(row);
    const t = full.timing;
    console.log(
      `round ${r + 1} (load ${row.load}): full scan ${fmt(full.ms)} ms wall, ${fmt(full.cpuMs)} ms CPU, ${fmt(full.findings)} findings, peak RSS ${fmt(full.maxRssMb)} MB`,
    );
    console.log(
      `  phase 1 ${fmt(t.phase1.wallMs)} ms wall / ${fmt(t.phase1.cpuMs)} ms CPU; phase 2 ${fmt(t.phase2.wallMs)} ms / ${fmt(t.phase2.cpuMs)} ms CPU (${t.phase2.handed} files handed other modules' facts, ${t.phase2.analysed} analysed again); two-phase ÷ phase 1: wall ${fmt(t.total.wallMs / t.phase1.wallMs, 2)}×, CPU ${fmt(t.total.cpuMs / t.phase1.cpuMs, 2)}×`,
    );
    console.log(
      `  cache: cold ${fmt(cold.cpuMs)} ms CPU (${fmt(cold.ms)} wall); one repository changed ${fmt(leafRun.cpuMs)} ms CPU (${fmt(cold.cpuMs / leafRun.cpuMs, 1)}×, phase 2 analysed ${leafRun.timing.phase2.analysed}); shared SQL helper changed ${fmt(hubRun.cpuMs)} ms CPU (${fmt(cold.cpuMs / hubRun.cpuMs, 1)}×, phase 2 analysed ${hubRun.timing.phase2.analysed})`,
    );
  }
  const ratio = (f: (x: (typeof rows)[number]) => number, digits = 2) => spread(rows.map(f), digits);
  console.log('\nCLI summary:');
  console.log(
    `  two-phase ÷ phase 1 (per-file analysis + summaries), wall: ${ratio((x) => x.full.timing.total.wallMs / x.full.timing.phase1.wallMs)}   (target ≤ 1.3×)`,
  );
  console.log(
    `  two-phase ÷ phase 1, CPU:                                   ${ratio((x) => x.full.timing.total.cpuMs / x.full.timing.phase1.cpuMs)}`,
  );
  console.log(
    `  cache CPU cold ÷ warm, one repository changed:  ${ratio((x) => x.cold.cpuMs / x.leaf.cpuMs, 1)}×   (target ≥ 10×)`,
  );
  console.log(`  cache CPU cold ÷ warm, shared SQL helper changed: ${ratio((x) => x.cold.cpuMs / x.hub.cpuMs, 1)}×`);
  record.cli = rows;
  return rows.map((x) => x.full);
}

/** Resident set (VmRSS) and its peak (VmHWM) of a process, in MB, from /proc (worker threads included). */
function memoryMb(pid: number | undefined): { rss: number; hwm: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

async function lspSection(
  dir: string,
  files: string[],
  options: ProjectBenchOptions,
  fullScans: CliRun[],
  record: Record<string, unknown>,
): Promise<void> {
  console.log(
    `\n## language server: dist/server.js --stdio, workspace folder = the project (diagnostics scope ${options.scope})\n`,
  );
  // Session 1: the index alone (nothing edited), its time and the server's RSS meanwhile.
  const alone = await indexSession(dir, options);
  const cliCold = median(fullScans.map((r) => r.ms));
  console.log(
    `indexing ${fmt(files.length)} files, nothing edited: ${fmt(alone.indexMs)} ms from initialized to the progress end (server start ${fmt(alone.startMs)} ms before it), load ${alone.load}`,
  );
  if (fullScans.length)
    console.log(
      `  ÷ the CLI's cold full scan (median wall ${fmt(cliCold)} ms, earlier in this run): ${fmt(alone.indexMs / cliCold, 2)}×   (target ≤ 2×)`,
    );
  console.log(
    `  server RSS (workers included) during indexing: max sampled ${fmt(alone.rssMax)} MB; after: ${fmt(alone.rssEnd)} MB, peak (VmHWM) ${fmt(alone.hwm)} MB`,
  );
  // Session 2: a 2,000-line document edited while the index runs (it yields to edits), then after it.
  const started = performance.now();
  const client = await startClient({
    rootUri: pathToFileURL(dir).href,
    workspaceScan: options.scope === 'workspace',
  });
  const pid = client.process.pid;
  // RSS sampled while the bench runs (a sampler, not a wait): the maximum during indexing and after.
  const samples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    const m = memoryMb(pid);
    if (m) samples.push({ at: performance.now(), rss: m.rss });
  }, 100);
  try {
    const indexStart = performance.now();
    let indexEnd = 0;
    const indexed = client.progressDone(/indexing workspace/).then(() => {
      indexEnd = performance.now();
    });
    const uri2000 = pathToFileURL(path.join(dir, 'src', 'bench', 'edited2000.ts')).href;
    const text2000 = syntheticFile(2000);
    const opened = client.diagnostics(uri2000, 1);
    client.open(uri2000, 'typescript', text2000, 1);
    await opened;
    let version = 1;
    const during: number[] = [];
    while (!indexEnd) {
      version++;
      during.push(await timedEdit(client, uri2000, version, edited(text2000, version)));
    }
    await indexed;
    const indexMs = indexEnd - indexStart;
    const loadAfterIndex = load();
    const after: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      version++;
      after.push(await timedEdit(client, uri2000, version, edited(text2000, version)));
    }
    const rssDuring = Math.max(...samples.filter((s) => s.at <= indexEnd).map((s) => s.rss));
    console.log(
      `indexing while a 2,000-line document is edited: ${fmt(indexMs)} ms (server start ${fmt(indexStart - started)} ms before it), load ${loadAfterIndex}`,
    );
    console.log(`  2,000-line document, edit → diagnostics during indexing: ${fmtStats(during)}`);
    console.log(
      `  2,000-line document, edit → diagnostics after indexing:  ${fmtStats(after)}   (target p95 ≤ 200 ms idle)`,
    );
    console.log(`  server RSS (workers included), max sampled during indexing: ${fmt(rssDuring)} MB`);

    // Dependents: N open modules importing the shared SQL helper; the helper edited, its summary changed.
    const hub = path.join(dir, ...SQL_COMMON.split('/'));
    const hubUri = pathToFileURL(hub).href;
    const dependents = files
      .filter((f) => /[/\\]helpers[/\\]sql[/\\]\w+Filters\.(?:ts|js)$/.test(f))
      .slice(0, options.dependents)
      .map((f) => ({ uri: pathToFileURL(f).href, lang: f.endsWith('.ts') ? 'typescript' : 'javascript', file: f }));
    const first = [hubUri, ...dependents.map((d) => d.uri)].map((u) => client.diagnostics(u, 1));
    client.open(hubUri, 'javascript', fs.readFileSync(hub, 'utf8'), 1);
    for (const d of dependents) client.open(d.uri, d.lang, fs.readFileSync(d.file, 'utf8'), 1);
    await Promise.all(first);
    const updated: number[] = [];
    const cpu: number[] = [];
    let hubVersion = 1;
    for (let i = 0; i < options.edits; i++) {
      hubVersion++;
      const sent = performance.now();
      const before = processCpuMs(pid);
      const waits = [
        client.diagnostics(hubUri, hubVersion),
        ...dependents.map((d) => client.diagnostics(d.uri, 1)),
      ].map((p) => p.then(() => performance.now() - sent));
      client.change(hubUri, hubVersion, sqlCommon(1000 + i));
      const times = await Promise.all(waits);
      updated.push(Math.max(...times));
      const spent = processCpuMs(pid);
      if (before !== undefined && spent !== undefined) cpu.push(spent - before);
    }
    const meanCpu = cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : Number.NaN;
    console.log(
      `  ${dependents.length} open dependents of ${SQL_COMMON}, edit → every one re-published: ${fmtStats(updated)}, server CPU ${fmt(meanCpu)} ms/edit   (target p95 ≤ 1 s)   (load ${load()})`,
    );
    const end = memoryMb(pid);
    const rssAfter = Math.max(...samples.filter((s) => s.at > indexEnd).map((s) => s.rss));
    console.log(
      `  server RSS after indexing: max sampled ${fmt(rssAfter)} MB, now ${fmt(end?.rss ?? Number.NaN)} MB; peak of the process (VmHWM) ${fmt(end?.hwm ?? Number.NaN)} MB`,
    );
    record.lsp = {
      files: files.length,
      scope: options.scope,
      indexAlone: alone,
      indexMsWhileEdited: indexMs,
      cliColdMs: cliCold,
      loadAfterIndex,
      editDuringIndex: stats(during),
      editAfterIndex: stats(after),
      dependents: { open: dependents.length, ...stats(updated), cpuMsPerEdit: meanCpu },
      rssMb: { maxDuringIndex: rssDuring, maxAfter: rssAfter, end: end?.rss, peak: end?.hwm },
    };
  } finally {
    clearInterval(sampler);
    await client.close();
  }
}

/** A server started on the project, nothing opened: the index's time and the server's memory meanwhile. */
async function indexSession(
  dir: string,
  options: ProjectBenchOptions,
): Promise<{ indexMs: number; startMs: number; load: string; rssMax: number; rssEnd: number; hwm: number }> {
  const started = performance.now();
  const client = await startClient({ rootUri: pathToFileURL(dir).href, workspaceScan: options.scope === 'workspace' });
  const indexStart = performance.now();
  let rssMax = 0;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, memoryMb(client.process.pid)?.rss ?? 0);
  }, 100);
  try {
    await client.progressDone(/indexing workspace/);
    const indexMs = performance.now() - indexStart;
    const end = memoryMb(client.process.pid);
    return {
      indexMs,
      startMs: indexStart - started,
      load: load(),
      rssMax,
      rssEnd: end?.rss ?? Number.NaN,
      hwm: end?.hwm ?? Number.NaN,
    };
  } finally {
    clearInterval(sampler);
    await client.close();
  }
}

function fmtStats(samples: number[]): string {
  if (!samples.length) return 'no samples';
  const s = stats(samples);
  return `median ${fmt(s.median)} ms, p95 ${fmt(s.p95)} ms, max ${fmt(s.max)} ms (n=${s.n})`;
}

export async function runProject(options: ProjectBenchOptions): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = { loadAtStart: os.loadavg() };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-project-'));
  const dir = path.join(tmp, 'app');
  try {
    const project = layeredProject({ files: options.files, ...(options.lines ? { lines: options.lines } : {}) });
    const files = writeProject(dir, project).filter((f) => /\.(?:ts|js)$/.test(f));
    const lines = lineCount(project);
    console.log(
      `\n## synthetic layered project: ${fmt(files.length)} source files, ${fmt(lines)} lines (${os.cpus().length} cores, Node ${process.version}, load ${load()})`,
    );
    record.project = { files: files.length, lines };
    const fullScans = options.cli ? cliSection(dir, tmp, options, record) : [];
    if (options.lsp) await lspSection(dir, files, options, fullScans, record);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nload average at end: ${load()}`);
  record.loadAtEnd = os.loadavg();
  return record;
}
