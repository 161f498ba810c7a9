// `npm run bench -- latency [--edits N]`: how long a developer waits for a squiggle.
//
// 1. Re-analysis in-process: analyze() of a 2,000-line and a 20,000-line file (median, p95), and
//    the parse alone, so the engine's share is visible without the protocol.
// 2. Edit → published diagnostics through the real language server over stdio (the helper every
//    LSP test uses), one-line edits, each waited for, debounce included (the default settings).
// 3. Two documents at once: edits of the 2,000-line file while the 20,000-line file is being
//    edited too. Its latency shows whether one document's analysis holds up another's.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/host/analyze';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { allRules } from '../../rules';
import { packageRoot } from '../../server/engine/paths';
import { startClient, type TestClient } from '../helpers/lsp-client';
import { AnalysisPool } from '../../server/host/pool';
import { EDITOR_WORKER_LIMITS } from '../../server/lsp/analysis';

const HEADER = `import { Pool } from 'pg';
import type { Request, Response } from 'express';

const pool = new Pool();
const logger = console;
`;

/** A realistic handler (~20 lines); every tenth one builds SQL from the request (a finding). */
function block(i: number): string {
  const query =
    i % 10 === 0
      ? `pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "' LIMIT " + limit)`
      : `pool.query('SELECT * FROM users WHERE id = $1 LIMIT $2', [id, limit])`;
  return `
export async function handler${i}(req: Request, res: Response): Promise<void> {
  const id = String(req.query.id ?? '');
  const limit = Number(req.query.limit ?? 10);
  const rows = await ${query};
  if (rows.rowCount === 0) {
    res.status(404).send('not found');
    return;
  }
  const name: string = rows.rows[0].name;
  const greeting = \`Hello, \${name}\`;
  const items = rows.rows.map((r: { id: number; title: string }) => ({ id: r.id, title: r.title.trim() }));
  for (const item of items) {
    if (item.title.length > 100) item.title = item.title.slice(0, 100);
  }
  logger.info('listed items', { count: items.length, handler: ${i} });
  res.json({ greeting, items });
}
`;
}

export function syntheticFile(lines: number): string {
  // Lines counted as they are added (splitting the whole text after every block was quadratic:
  // 46 s of CPU to build the 40,000-line file under a profiler).
  const newlines = (s: string) => s.split('\n').length - 1;
  let text = HEADER;
  for (let i = 0, count = newlines(text) + 1; count < lines; i++) {
    const next = block(i);
    text += next;
    count += newlines(next);
  }
  return text;
}

/**
 * The same file with one line changed (the edit a keystroke makes): a literal in the middle, one
 * digit longer or shorter than in the version before, so everything after it moves (as typing moves it).
 */
export function edited(text: string, n: number): string {
  const marker = `handler: `;
  const at = text.indexOf(marker, Math.floor(text.length / 2));
  const end = text.indexOf(' ', at + marker.length);
  return text.slice(0, at + marker.length) + String(10 ** (4 + (n % 3)) + n) + text.slice(end);
}

/** User + system CPU (ms) of a process and its threads so far (Linux /proc), or undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux a Node.js build supports. */
const CLOCK_TICKS = 100;

/** Another process spinning on one core until killed. */
function startBusyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

export function stats(samples: number[]): { median: number; p95: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p95: pick(0.95), max: sorted[sorted.length - 1], n: sorted.length };
}

const fmt = (s: { median: number; p95: number; max: number; n: number }) =>
  `median ${s.median.toFixed(0).padStart(5)} ms   p95 ${s.p95.toFixed(0).padStart(5)} ms   max ${s.max.toFixed(0).padStart(5)} ms   (n=${s.n})`;

export async function timedEdit(client: TestClient, uri: string, version: number, text: string): Promise<number> {
  const waiting = client.diagnostics(uri, version);
  const sent = performance.now();
  client.change(uri, version, text);
  await waiting;
  return performance.now() - sent;
}

export async function runLatency(options: {
  edits: number;
  /** Only the edits through the language server (skip the in-process sections). */
  lspOnly?: boolean;
  /** Another build's dist/server.js, edited in the same rounds. */
  baselineServer?: string;
  /** Keep one core busy with another process while editing (the issue's loaded case). */
  busy?: boolean;
}): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = {};
  const sizes = [2000, 20000];
  const texts = new Map(sizes.map((n) => [n, syntheticFile(n)]));

  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average at start: ${load()} (${os.cpus().length} cores; other processes slow every figure below)`);
  record.loadAtStart = os.loadavg();
  if (!options.lspOnly) await inProcess(sizes, texts, record);
  return lsp(options, sizes, texts, record, load);
}

async function inProcess(sizes: number[], texts: Map<number, string>, record: Record<string, unknown>): Promise<void> {
  console.log(
    '\n## re-analysis in-process (analyze() on the main thread: typescript-estree + facts + every registered rule)\n',
  );
  for (const n of sizes) {
    const text = texts.get(n)!;
    const runs = n > 5000 ? 10 : 30;
    const file = `/virtual/bench-${n}.ts`;
    analyze({ file, text }); // warm the JIT
    const full: number[] = [];
    const parseOnly: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const t = edited(text, i);
      let s = performance.now();
      parse(t, 'ts');
      parseOnly.push(performance.now() - s);
      s = performance.now();
      findings = analyze({ file, text: t }).findings.length;
      full.push(performance.now() - s);
    }
    console.log(`${String(n).padStart(6)} lines  analyze ${fmt(stats(full))}   (${findings} findings)`);
    console.log(`${String(n).padStart(6)} lines  parse   ${fmt(stats(parseOnly))}`);
    record[`analyze-${n}`] = stats(full);
    record[`parse-${n}`] = stats(parseOnly);
  }

  // The editor does not analyse on the main thread: its worker threads (with the native parser)
  // do. The same edits, through the same pool the server uses, round trip included.
  // Each edit twice: re-parsing only the statement it touched, as the server does (reparse.ts), and
  // parsing the whole text every time, as a scan does.
  console.log(
    '\n## re-analysis in an editor analysis worker (as the server runs it: native parser, result posted back)\n',
  );
  for (const reuse of [true, false]) {
    const pool = new AnalysisPool(1, EDITOR_WORKER_LIMITS, 1, reuse);
    try {
      for (const n of sizes) {
        const text = texts.get(n)!;
        const runs = n > 5000 ? 10 : 30;
        const file = `/virtual/bench-${n}.ts`;
        await pool.run(file, text, {}); // warm the worker's JIT
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          await pool.run(file, edited(text, i), {});
          samples.push(performance.now() - s);
        }
        const label = reuse ? 'partial re-parse' : 'whole parse     ';
        console.log(`${String(n).padStart(6)} lines  ${label}  analyze ${fmt(stats(samples))}`);
        record[`worker-analyze-${n}${reuse ? '' : '-whole-parse'}`] = stats(samples);
      }
    } finally {
      await pool.close();
    }
  }

  console.log("\n## per rule (each rule's own time inside analyze(): shared Facts, rules in registry order, median)\n");
  const perRule = new Map<string, Map<number, number[]>>();
  for (const n of sizes) {
    const runs = n > 5000 ? 5 : 20;
    for (let i = 0; i < runs; i++) {
      const t = edited(texts.get(n)!, i);
      const parsed = parse(t, 'ts');
      const facts = new Facts(t, parsed);
      let s = performance.now();
      facts.nodesOfType('Program'); // the tree index every rule shares
      const add = (id: string, ms: number) => {
        const bySize = perRule.get(id) ?? new Map<number, number[]>();
        perRule.set(id, bySize);
        bySize.set(n, [...(bySize.get(n) ?? []), ms]);
      };
      add('(Facts tree index)', performance.now() - s);
      const knowledge = {}; // one per analysis, as analyze() passes it: the rules' shared caches are keyed on it
      for (const rule of allRules) {
        s = performance.now();
        rule.check({
          file: `/virtual/bench-${n}.ts`,
          text: t,
          ast: parsed.ast,
          facts,
          options: {},
          knowledge,
          report() {
            /* timing only */
          },
        });
        add(rule.meta.id, performance.now() - s);
      }
    }
  }
  console.log(`${'rule'.padEnd(42)} ${sizes.map((n) => `${n} lines`.padStart(12)).join(' ')}`);
  const rows = [...perRule].sort((a, b) => stats(b[1].get(sizes[1])!).median - stats(a[1].get(sizes[1])!).median);
  for (const [id, bySize] of rows) {
    console.log(
      `${id.padEnd(42)} ${sizes.map((n) => `${stats(bySize.get(n)!).median.toFixed(1)} ms`.padStart(12)).join(' ')}`,
    );
    record[`rule-${id}`] = Object.fromEntries(sizes.map((n) => [n, stats(bySize.get(n)!)]));
  }
}

async function lsp(
  options: Parameters<typeof runLatency>[0],
  sizes: number[],
  texts: Map<number, string>,
  record: Record<string, unknown>,
  load: () => string,
): Promise<Record<string, unknown>> {
  console.log(
    `\n## edit → published diagnostics through the language server (stdio, default settings incl. the debounce)\n`,
  );
  // This build and (--baseline-server) another, edit by edit in turn, so both see the same load.
  // Server CPU per edit (the process and its analysis workers, from /proc) is printed beside the
  // wall time: on a loaded machine wall time mostly measures the scheduler.
  const servers: [string, string | undefined][] = [
    ['this build', undefined],
    ...(options.baselineServer ? [['baseline', options.baselineServer] as [string, string]] : []),
  ];
  const busy = options.busy ? startBusyLoop() : undefined;
  if (busy) console.log('(one other process keeps one core busy during these edits)');
  const clients: TestClient[] = [];
  try {
    for (const [, serverPath] of servers) clients.push(await startClient(serverPath ? { serverPath } : {}));
    const uris = new Map(
      sizes.map((n) => [
        n,
        pathToFileURL(path.join(packageRoot(), 'test', 'fixtures', 'virtual', `bench-${n}.ts`)).href,
      ]),
    );
    const versions = clients.map(() => new Map(sizes.map((n) => [n, 1])));
    for (const client of clients)
      for (const n of sizes) {
        const opened = client.diagnostics(uris.get(n)!, 1);
        client.open(uris.get(n)!, 'typescript', texts.get(n)!, 1);
        await opened;
      }
    for (const n of sizes) {
      const samples = clients.map(() => [] as number[]);
      const cpu = clients.map(() => [] as number[]);
      const edits = n > 5000 ? Math.max(10, Math.floor(options.edits / 3)) : options.edits;
      for (let i = 0; i < edits; i++) {
        for (const [c, client] of clients.entries()) {
          const v = versions[c].get(n)! + 1;
          versions[c].set(n, v);
          const before = processCpuMs(client.process.pid);
          samples[c].push(await timedEdit(client, uris.get(n)!, v, edited(texts.get(n)!, v)));
          const after = processCpuMs(client.process.pid);
          if (before !== undefined && after !== undefined) cpu[c].push(after - before);
        }
      }
      for (const [c, [name]] of servers.entries()) {
        const meanCpu = cpu[c].length ? cpu[c].reduce((a, b) => a + b, 0) / cpu[c].length : Number.NaN;
        console.log(
          `${String(n).padStart(6)} lines  ${name.padEnd(10)} ${fmt(stats(samples[c]))}   server CPU ${meanCpu.toFixed(0)} ms/edit   (load ${load()})`,
        );
        record[`lsp-${n}${c ? '-baseline' : ''}`] = { ...stats(samples[c]), cpuMsPerEdit: meanCpu };
      }
      if (clients.length === 2) {
        const ratio = (a: number[], b: number[]) =>
          b.length ? a.reduce((x, y) => x + y, 0) / b.reduce((x, y) => x + y, 0) : Number.NaN;
        console.log(
          `${String(n).padStart(6)} lines  this ÷ baseline: p95 ${(stats(samples[0]).p95 / stats(samples[1]).p95).toFixed(2)}, server CPU ${ratio(cpu[0], cpu[1]).toFixed(2)}`,
        );
      }
    }

    // While the 20,000-line document is edited continuously, edit the 2,000-line one (this build).
    const client = clients[0];
    let editing = true;
    const big = sizes[1];
    const background = (async () => {
      while (editing) {
        const v = versions[0].get(big)! + 1;
        versions[0].set(big, v);
        await timedEdit(client, uris.get(big)!, v, edited(texts.get(big)!, v));
      }
    })();
    const samples: number[] = [];
    for (let i = 0; i < Math.max(10, Math.floor(options.edits / 2)); i++) {
      const v = versions[0].get(2000)! + 1;
      versions[0].set(2000, v);
      samples.push(await timedEdit(client, uris.get(2000)!, v, edited(texts.get(2000)!, v)));
      await new Promise((r) => setTimeout(r, 37)); // not in lockstep with the other document
    }
    editing = false;
    await background;
    console.log(`  2000 lines while the 20,000-line file is edited too  ${fmt(stats(samples))}`);
    record['lsp-2000-while-20000-edited'] = stats(samples);
  } finally {
    for (const client of clients) await client.close();
    busy?.kill();
  }
  console.log(`\nload average at end: ${load()}`);
  record.loadAtEnd = os.loadavg();
  console.log(
    '\ntargets (issue 24): edit → diagnostics p95 ≤ 60 ms (2,000 lines) and ≤ 300 ms (20,000 lines) idle; ≤ 600 ms (20,000 lines) with one core kept busy (--busy)',
  );
  return record;
}
