// A long editing session must not grow the server's heap: per-document state is dropped on close
// and replaced per version. After a warm-up (JIT, lazily built tables), 500 analysed edits and
// 50 documents opened and closed grow the heap (after a full GC) by less than 5 MB. The long
// measurement is `npm run bench:memory` (10,000 edits, printed every 1,000).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { packageRoot } from '../../server/engine/paths';
import { startClient, type TestClient } from '../helpers/lsp-client';

const BASE = `import { Pool } from 'pg';
const pool = new Pool();
export async function byName(req: any) {
  return pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
}
`;
const uriOf = (name: string): string =>
  pathToFileURL(path.join(packageRoot(), 'test', 'fixtures', 'virtual', name)).href;

async function session(client: TestClient, edits: number, documents: number, from: number): Promise<number> {
  const uri = uriOf('memory.ts');
  let v = from;
  for (let i = 0; i < edits; i++) {
    v++;
    const text = v % 2 ? `${BASE}export const v${v % 50} = ${v};\n` : BASE.replace('name =', `name${v % 7} =`);
    const waiting = client.diagnostics(uri, v);
    void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ text }],
    });
    await waiting;
  }
  for (let d = 0; d < documents; d++) {
    const other = uriOf(`memory-${from}-${d}.ts`);
    const waiting = client.diagnostics(other);
    client.open(other, 'typescript', BASE);
    await waiting;
    void client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: other } });
  }
  return v;
}

describe('memory', function () {
  this.timeout(120000);
  it("a long editing session leaves the server's heap flat (500 edits, 50 documents opened and closed)", async () => {
    const client = await startClient({
      settings: { debounceMs: 0 },
      env: { PAVED_ROAD_TEST_MEMORY: '1' },
      nodeArgs: ['--expose-gc'],
    });
    try {
      const heap = async (): Promise<number> =>
        (await client.connection.sendRequest('pavedRoad/test/heapUsed')) as number;
      const uri = uriOf('memory.ts');
      const opened = client.diagnostics(uri);
      client.open(uri, 'typescript', BASE, 1);
      await opened;
      let v = await session(client, 300, 20, 1); // warm-up
      const before = await heap();
      v = await session(client, 500, 50, v);
      const after = await heap();
      const growthMb = (after - before) / 1024 / 1024;
      console.log(
        `      heap after warm-up ${(before / 1048576).toFixed(1)} MB, after 500 more edits and 50 documents ${(after / 1048576).toFixed(1)} MB`,
      );
      assert.ok(growthMb < 5, `heap grew by ${growthMb.toFixed(1)} MB`);
    } finally {
      await client.close();
    }
  });
});
