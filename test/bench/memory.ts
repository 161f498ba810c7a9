// `npm run bench:memory [edits]`: does a long editing session leak? Opens one document in a real
// server over stdio, sends 10,000 edits (each a real change that is analysed), and prints the
// server's heap after a full GC every 1,000 edits. A flat line = no per-edit retention.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startClient } from '../helpers/lsp-client';
import { packageRoot } from '../../server/engine/paths';

const EDITS = Number(process.argv[2] ?? 10_000);
/** Wait for the diagnostics every this many edits (1 = every edit is analysed and published). */
const WAIT_EVERY = Number(process.argv[3] ?? 1);
const BASE = `import { Pool } from 'pg';
const pool = new Pool();
export async function byName(req: any) {
  return pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
}
`;

async function main(): Promise<void> {
  const client = await startClient({
    settings: { debounceMs: 0 },
    env: { PAVED_ROAD_TEST_MEMORY: '1' },
    nodeArgs: ['--expose-gc'],
  });
  const uri = pathToFileURL(path.join(packageRoot(), 'test', 'fixtures', 'virtual', 'memory.ts')).href;
  const heap = async (): Promise<number> => (await client.connection.sendRequest('pavedRoad/test/heapUsed')) as number;
  // The whole server process, analysis worker threads included (their heaps are not in heapUsed).
  const rss = (): number =>
    Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  let peakRss = 0;
  let waiting = client.diagnostics(uri, 1);
  client.open(uri, 'typescript', BASE, 1);
  await waiting;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  const samples: number[] = [await heap()];
  console.log(`edits      heap (MB, after GC)   process RSS incl. workers (MB)`);
  console.log(`${'0'.padStart(6)}     ${mb(samples[0]).padStart(6)}                ${mb(rss())}`);
  const started = performance.now();
  let text = BASE;
  for (let v = 2; v <= EDITS + 1; v++) {
    // Alternate between typing a line and a change inside the query, so findings change too.
    const line = `export const v${v % 50} = ${v};\n`;
    text = v % 2 ? BASE + line : BASE.replace('name =', `name${v % 7} =`);
    void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ text }],
    });
    if ((v - 1) % WAIT_EVERY === 0) {
      waiting = client.diagnostics(uri, v);
      await waiting;
    } // keep the server busy, not buried
    if ((v - 1) % 100 === 0) peakRss = Math.max(peakRss, rss());
    if ((v - 1) % 1000 === 0) {
      const h = await heap();
      samples.push(h);
      console.log(`${String(v - 1).padStart(6)}     ${mb(h).padStart(6)}                ${mb(rss())}`);
    }
  }
  const first = samples[1] ?? samples[0];
  const last = samples[samples.length - 1];
  console.log(
    `\n${client.published.length} diagnostics publications; ${EDITS} edits in ${((performance.now() - started) / 1000).toFixed(1)} s; heap after the first 1,000 edits ${mb(first)} MB, after ${EDITS} ${mb(last)} MB (${last >= first ? '+' : ''}${mb(last - first)} MB, ${((last / first - 1) * 100).toFixed(1)}%); peak process RSS (sampled every 100 edits) ${mb(peakRss)} MB`,
  );
  await client.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
