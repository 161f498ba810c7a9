// The scan cache's key (server/host/cache.ts `keyFor`): a second-phase file's key holds each
// imported module's summary as a digest computed once per summary (a warm re-scan no longer
// serialises every imported summary again for each importer), and still changes whenever anything
// the analysis is given changes.

import * as assert from 'node:assert/strict';
import { ScanCache } from '../../server/host/cache';
import type { AnalysisConfig } from '../../server/engine/types';
import type { ModuleSummary } from '../../server/engine/project/types';

function summary(returns: boolean): ModuleSummary {
  return {
    v: 1,
    imports: ['pg'],
    exports: {
      find: { fn: returns ? { returns: { params: [0], assembled: true } } : { sanitizes: ['xss'] } },
    },
  } as unknown as ModuleSummary;
}

describe('scan cache keys of files analysed with imported summaries', () => {
  const cache = new ScanCache({ dir: '/nonexistent', secret: Buffer.alloc(32, 1), salt: 'test-engine' });
  const file = '/w/routes.ts';
  const text = "import { find } from './db';\nexport const q = find(1);\n";
  const withImport = (s: ModuleSummary, at = 'db.ts'): AnalysisConfig => ({
    rules: {},
    imports: { './db': { file: at, summary: s } },
  });

  it('changes when an imported module summary changes, and only then', () => {
    const before = cache.keyFor(file, text, withImport(summary(true)));
    assert.equal(
      cache.keyFor(file, text, withImport(summary(true))),
      before,
      'an equal summary (another object) keeps the key',
    );
    assert.notEqual(cache.keyFor(file, text, withImport(summary(false))), before, 'a changed summary changes the key');
    assert.notEqual(
      cache.keyFor(file, text, withImport(summary(true), 'lib/db.ts')),
      before,
      'another module path too',
    );
    assert.notEqual(cache.keyFor(file, text, { rules: {} }), before, 'no import at all too');
  });

  it('digests a summary object once per scan, yet tells summaries apart by their content', () => {
    const shared = summary(true);
    const keys = ['/w/a.ts', '/w/b.ts'].map((f) => cache.keyFor(f, text, withImport(shared)));
    assert.notEqual(keys[0], keys[1]);
    const other = summary(true);
    (other.exports.find.fn as { returns?: unknown }).returns = { params: [1], assembled: true };
    assert.notEqual(cache.keyFor('/w/a.ts', text, withImport(other)), keys[0]);
    // A fresh cache (another scan) computes the same key for the same inputs.
    const again = new ScanCache({ dir: '/nonexistent', secret: Buffer.alloc(32, 1), salt: 'test-engine' });
    assert.equal(again.keyFor('/w/a.ts', text, withImport(summary(true))), keys[0]);
  });
});
