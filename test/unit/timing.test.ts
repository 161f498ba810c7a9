// The phase clock (engine/timing.ts, PAVED_ROAD_TIMING=1): off unless started; a phase is charged
// without the phases inside it; a `whole` phase (fix verification) takes what runs inside it; a
// phase that throws is still charged. Which phases appear is asserted, never how long they took.

import * as assert from 'node:assert/strict';
import { startPhaseClock, stopPhaseClock, takePhaseTimes, timed } from '../../server/engine/timing';
import { analyze } from '../../server/host/analyze';

describe('the phase clock', () => {
  afterEach(() => stopPhaseClock());

  it('is off unless a front door starts it: nothing is recorded and the value passes through', () => {
    assert.equal(
      timed('parse', () => 42),
      42,
    );
    assert.equal(takePhaseTimes(), undefined);
  });

  it('charges nested phases to themselves and a whole phase with everything inside it', () => {
    startPhaseClock();
    timed('parse', () => timed('scope', () => undefined));
    timed('fix verification', () => timed('rules', () => timed('facts', () => undefined)), { whole: true });
    assert.throws(() =>
      timed('summaries', () => {
        throw new Error('stopped');
      }),
    );
    const times = takePhaseTimes()!;
    assert.deepEqual(Object.keys(times).sort(), ['fix verification', 'parse', 'scope', 'summaries']);
    for (const ms of Object.values(times)) assert.ok(ms >= 0);
    assert.deepEqual(takePhaseTimes(), {}, 'taken: the next reading starts from nothing');
  });

  it('an analysis reports its parse, scope, facts and rules phases', () => {
    startPhaseClock();
    analyze(
      {
        file: '/w/a.ts',
        text: "import { Pool } from 'pg';\nconst db = new Pool();\nexport const f = (id: string) => db.query('SELECT ' + id);\n",
      },
      { summarize: true },
    );
    const phases = Object.keys(takePhaseTimes()!);
    for (const phase of ['parse', 'scope', 'facts', 'rules', 'summaries']) assert.ok(phases.includes(phase), phase);
  });
});
