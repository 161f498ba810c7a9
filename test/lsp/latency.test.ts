// The language server analyses in worker threads: a huge document being analysed never holds up a
// small one, a superseded version is never published, and a worker that dies is replaced and
// reported once. No timing assertions: only what arrives, and in which order.

import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { eventCeilingMs, startClient, VULNERABLE, virtualUri as uri, type TestClient } from '../helpers/lsp-client';
import { syntheticFile } from '../bench/latency';

/** The first publication for `uri` at `version` or later, however long a loaded machine takes (a ceiling scaled for load). */
async function published(
  client: TestClient,
  u: string,
  version: number,
  timeoutMs = eventCeilingMs(120000),
): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = client.published.find((p) => p.uri === u && (p.version ?? -1) >= version);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no diagnostics for ${u} v${version}; stderr: ${client.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The server's trace line (PAVED_ROAD_TEST_FAULTS=trace) saying `uri` at `version` went to a worker. */
async function analysing(
  client: TestClient,
  u: string,
  version: number,
  timeoutMs = eventCeilingMs(120000),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const line = `paved-road: analysing ${u} v${version}`;
  while (!client.logs.some((l) => l.includes(line))) {
    if (Date.now() > deadline)
      throw new Error(`the server never started analysing ${u} v${version}; stderr: ${client.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('language server: analysis off the main thread', function () {
  this.timeout(180000);
  const huge = syntheticFile(20000);

  it('publishes a small document while a 20,000-line one is still being analysed', async () => {
    const client = await startClient();
    try {
      const big = uri('latency-big.ts');
      const small = uri('latency-small.ts');
      client.open(big, 'typescript', huge, 1);
      client.open(small, 'typescript', VULNERABLE, 1);
      const smallDiagnostics = await published(client, small, 1);
      assert.equal(smallDiagnostics.diagnostics.length, 1);
      const order = () => client.published.map((p) => p.uri);
      assert.ok(!order().includes(big), 'the small document was published before the big one was done');
      // The small document keeps being served while the big one is analysed again.
      client.change(big, 2, huge + '\n// edited\n');
      client.change(small, 2, VULNERABLE.replace('byName', 'byName2'));
      await published(client, small, 2);
      await published(client, big, 2);
      const bigAt = client.published.findIndex((p) => p.uri === big);
      const smallAt = client.published.findIndex((p) => p.uri === small && p.version === 2);
      assert.ok(smallAt < bigAt, `order of publications: ${order().join(', ')}`);
      // Analysed for real (a worker short of memory would publish an information diagnostic instead).
      const bigFindings = client.published.find((p) => p.uri === big)!.diagnostics;
      assert.equal(
        bigFindings.filter((d) => d.code === 'sql/string-built-query').length,
        112,
        JSON.stringify(bigFindings.slice(0, 2)),
      );
    } finally {
      await client.close();
    }
  });

  it('never publishes a version that was superseded while it was being analysed', async () => {
    const client = await startClient({ settings: { debounceMs: 0 }, env: { PAVED_ROAD_TEST_FAULTS: 'trace' } });
    try {
      const big = uri('latency-stale.ts');
      client.open(big, 'typescript', huge, 1);
      await published(client, big, 1);
      client.change(big, 2, huge + '\n// two\n');
      await analysing(client, big, 2); // version 2 is being analysed now
      client.change(big, 3, huge + '\n// three\n');
      const last = await published(client, big, 3);
      assert.equal(last.version, 3);
      const versions = client.published.filter((p) => p.uri === big).map((p) => p.version);
      assert.deepEqual(versions, [1, 3], 'version 2 was never published');
    } finally {
      await client.close();
    }
  });

  it('replaces a worker that dies, reports it once, and analyses the next version normally', async () => {
    const client = await startClient({ env: { PAVED_ROAD_TEST_FAULTS: 'worker-crash' } });
    try {
      const u = uri('latency-crash.ts');
      client.open(u, 'typescript', `${VULNERABLE}// PAVED_ROAD_TEST_WORKER_CRASH\n`, 1);
      const failed = await published(client, u, 1);
      assert.equal(failed.diagnostics.length, 1, JSON.stringify(failed.diagnostics));
      assert.match(
        String(failed.diagnostics[0].message),
        /could not analyse this version of the file: its analysis worker failed/,
      );
      client.change(u, 2, VULNERABLE);
      const next = await published(client, u, 2);
      assert.deepEqual(
        next.diagnostics.map((d) => d.code),
        ['sql/string-built-query'],
      );
      const reports = client.logs.filter((l) => l.includes('analysis failed and its worker was replaced'));
      assert.equal(reports.length, 1, client.logs.join('\n'));
      assert.match(reports[0], /worker exited with code 70/);
      assert.ok(reports[0].includes(`while: analysing ${u} version 1 (typescript)`), reports[0]);
      assert.equal(client.process.exitCode, null, 'the server itself kept running');
    } finally {
      await client.close();
    }
  });
});
