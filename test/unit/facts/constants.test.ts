// facts/constants.ts and the one constant evaluator and constant-table judgement of Facts.

import * as assert from 'node:assert/strict';
import { evaluateBinary, MUTATING_METHODS } from '../../../server/engine/facts/constants';
import { factsOf, nodeOf } from './helpers';

describe('facts/constants', () => {
  it('evaluateBinary folds the operators it knows and no other', () => {
    assert.deepEqual(evaluateBinary('+', 'a', 'b'), { value: 'ab' });
    assert.deepEqual(evaluateBinary('*', 6, 7), { value: 42 });
    assert.deepEqual(evaluateBinary('===', 1, 1), { value: true });
    assert.equal(evaluateBinary('<<', 1, 2), undefined);
  });

  it('constantOf folds literals, templates and single-assignment consts', () => {
    const facts = factsOf(
      "const t = 'users'; const q = `SELECT * FROM ${t}` + ' WHERE 1'; let v = 1; v = 2; use(q, v);",
    );
    const call = facts.nodesOfType('CallExpression')[0];
    assert.deepEqual(facts.constantOf(call.arguments[0]), { value: 'SELECT * FROM users WHERE 1' });
    assert.equal(facts.constantOf(call.arguments[1]), undefined, 'a variable assigned twice is not constant');
  });

  it('constantTable: a frozen or const table of constants, unless something can write to it', () => {
    const facts = factsOf(
      [
        "const SORT = { name: 'name', age: 'age' };",
        "const FILLED = { name: 'name' }; Object.assign(FILLED, req.body);",
        "const PUSHED = ['a']; PUSHED.push(req.query.x);",
        "const HANDED = ['a']; mutate(HANDED);",
        "const READ = ['a']; Object.keys(READ);",
        'const read = [SORT[k], FILLED[k], PUSHED[k], HANDED[k], READ[k]];',
      ].join('\n'),
    );
    const tables = facts
      .nodesOfType('ArrayExpression')
      .at(-1)!
      .elements.map((e) => (e as unknown as { object: Parameters<typeof facts.constantTable>[0] }).object);
    assert.deepEqual(
      tables.map((t) => facts.constantTable(t) !== undefined),
      [true, false, false, false, true],
    );
    assert.ok(MUTATING_METHODS.has('push'));
    assert.equal(facts.constantTable(nodeOf(facts, 'Identifier', 'req')), undefined);
  });
});
