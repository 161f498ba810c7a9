// The editor's background index of the workspace yields to edits (issue 24): between files it
// waits until the editor has no analysis waiting or running, so a keystroke's analysis does not
// share the CPU with summarising the rest of the workspace.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceIndex } from '../../server/lsp/workspace-index';
import { EditorAnalysis } from '../../server/lsp/analysis';

describe('workspace index: yields to edits', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-index-yield-'));
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `m${i}.js`), `exports.f${i} = (x) => 'SELECT ' + x;\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('summarises no further file while the editor is busy, and every file once it is idle', async () => {
    const index = new WorkspaceIndex();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reachedGate!: () => void;
    const atGate = new Promise<void>((resolve) => {
      reachedGate = resolve;
    });
    const built = index.build([dir], {
      report: () => undefined,
      cancelled: () => false,
      // Idle for the first two files; then an edit arrives and the editor stays busy until released.
      idle: () => {
        calls++;
        if (calls <= 2) return Promise.resolve();
        reachedGate();
        return gate;
      },
    });
    await atGate;
    assert.equal(calls, 3);
    assert.ok(index.indexed <= 2, `indexed ${index.indexed} files while the editor was busy`);
    assert.equal(index.ready, false);
    release();
    await built;
    assert.equal(index.indexed, 6);
    assert.equal(calls, 6, 'asked before each file');
    assert.equal(index.ready, true);
  });

  it("the editor's analysis says when it is idle: not while a run is going, and once it settles", async () => {
    const analysis = new EditorAnalysis(0); // in-process: no worker needed to prove the bookkeeping
    try {
      assert.equal(analysis.isIdle, true);
      await analysis.idle(); // resolves at once when nothing runs
      const running = analysis.run('file:///virtual/a.ts', { file: '/virtual/a.ts', text: 'const a = 1;\n' }, {});
      assert.equal(analysis.isIdle, false);
      // A settled promise's callback is queued before a later one's: had idle() resolved at once, 'idle' would win.
      const idled = analysis.idle();
      const first = await Promise.race([idled.then(() => 'idle'), Promise.resolve().then(() => 'busy')]);
      assert.equal(first, 'busy');
      assert.equal((await running).kind, 'done');
      await idled;
      assert.equal(analysis.isIdle, true);
    } finally {
      await analysis.close();
    }
  });
});
