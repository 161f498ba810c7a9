// The editor's analysis pool keeps each document's tree in the worker that analysed it and sends
// the document's next version back there, so an edit is re-parsed only where it changed
// (server/engine/reparse.ts). A CLI scan's pool never keeps a tree. Results are always those of a
// whole analysis.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/host/analyze';
import { AnalysisPool, DEFAULT_POOL_LIMITS } from '../../server/host/pool';
import { EDITOR_WORKER_LIMITS } from '../../server/lsp/analysis';
import { syntheticFile } from '../bench/latency';

/** Version `v` of a document: one literal in the middle changed, its length varying. */
function version(text: string, v: number): string {
  const at = text.indexOf('handler: ', text.length >> 1) + 'handler: '.length;
  return text.slice(0, at) + String(10 ** (1 + (v % 3)) + v) + text.slice(text.indexOf(' ', at));
}

const findings = (r: ReturnType<typeof analyze>) => JSON.stringify(r.findings);

describe('analysis pool: kept trees', function () {
  this.timeout(120000);
  const a = syntheticFile(600);
  const b = syntheticFile(300).replace(/handler(\d+)/g, 'other$1');

  it("the editor's pool re-parses each document in part on its own worker, two documents at once", async () => {
    const pool = new AnalysisPool(2, EDITOR_WORKER_LIMITS, 1, true);
    try {
      await Promise.all([pool.run('/virtual/a.ts', a, {}), pool.run('/virtual/b.ts', b, {})]);
      assert.equal(pool.partialParses, 0, 'a first version is parsed whole');
      const rounds = 6;
      for (let v = 1; v <= rounds; v++) {
        const [ra, rb] = await Promise.all([
          pool.run('/virtual/a.ts', version(a, v), {}),
          pool.run('/virtual/b.ts', version(b, v), {}),
        ]);
        assert.equal(
          findings(ra),
          findings(analyze({ file: '/virtual/a.ts', text: version(a, v) })),
          `a, version ${v}`,
        );
        assert.equal(
          findings(rb),
          findings(analyze({ file: '/virtual/b.ts', text: version(b, v) })),
          `b, version ${v}`,
        );
      }
      assert.equal(pool.partialParses, 2 * rounds, 'every later version went back to the worker that kept its tree');

      // A closed document's tree is dropped: its next analysis parses whole, and the pool's
      // bookkeeping is not upset by the message (it has no reply).
      pool.forget('/virtual/a.ts');
      const [ra, rb] = await Promise.all([
        pool.run('/virtual/a.ts', version(a, 99), {}),
        pool.run('/virtual/b.ts', version(b, 99), {}),
      ]);
      assert.equal(findings(ra), findings(analyze({ file: '/virtual/a.ts', text: version(a, 99) })));
      assert.equal(findings(rb), findings(analyze({ file: '/virtual/b.ts', text: version(b, 99) })));
      assert.equal(pool.partialParses, 2 * rounds + 1, 'a was parsed whole after forget, b in part');
    } finally {
      await pool.close();
    }
  });

  it("a scan's pool keeps no tree (its memory must not grow with the number of files)", async () => {
    const pool = new AnalysisPool(1, DEFAULT_POOL_LIMITS, 2);
    try {
      for (let v = 0; v < 3; v++) await pool.run('/virtual/a.ts', version(a, v), {});
      assert.equal(pool.partialParses, 0);
    } finally {
      await pool.close();
    }
  });
});
