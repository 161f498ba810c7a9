// Property-based fuzzing of the engine: random and mutated sources through analyze().
// Fixed seed in CI; `FUZZ_RUNS=5000 npm run fuzz` for a nightly run; `FUZZ_SEED=… npm test` replays.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUZZ_RUNS, FUZZ_SEED, fuzzParameters, seeds, source } from './corpus';
import { analyzeChecked } from './invariants';

describe(`fuzz: analyze (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs)`, function () {
  this.timeout(0); // a nightly run is long on purpose; CI's default run takes seconds

  it('has seeds from the rule cases and the example app', () => {
    const files = seeds().map((s) => s.file);
    assert.ok(
      files.some((f) => f.startsWith('rules/')),
      files.join(', '),
    );
    assert.ok(
      files.some((f) => f.startsWith('examples/')),
      files.join(', '),
    );
  });

  it('every seed satisfies the invariants unchanged', () => {
    for (const seed of seeds()) assert.deepEqual(analyzeChecked(seed.file, seed.text).problems, [], seed.file);
  });

  it('no exception escapes; ranges and steps lie inside the document; fixes apply and parse; no rule crashes', () => {
    const started = performance.now();
    fc.assert(
      fc.property(source(), ({ file, text }) => {
        const { problems } = analyzeChecked(file, text);
        assert.deepEqual(problems, [], `${file}:\n${text}`);
      }),
      fuzzParameters(),
    );
    console.log(`      ${FUZZ_RUNS} inputs in ${Math.round(performance.now() - started)} ms (seed ${FUZZ_SEED})`);
  });
});
