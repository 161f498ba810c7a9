// Facts.derive: the per-analysis cache that replaced the families' tree-keyed WeakMaps and the SQL
// family's module-level channel for team knowledge.

import * as assert from 'node:assert/strict';
import { RuleBudgetExceeded, startBudget } from '../../../server/engine/budget';
import { analyze } from '../../../server/engine/analyze';
import { defineRule } from '../../../server/engine/rule';
import type { Rule } from '../../../server/engine/types';
import { factsOf } from './helpers';

describe('Facts.derive', () => {
  it('computes once per key per Facts and shares the value', () => {
    const facts = factsOf('x;');
    let runs = 0;
    const a = facts.derive('t/a', () => ({ run: ++runs }));
    const b = facts.derive('t/a', () => ({ run: ++runs }));
    assert.equal(a, b);
    assert.equal(runs, 1);
    assert.notEqual(
      facts.derive('t/b', () => ({ run: ++runs })),
      a,
      'another key, another value',
    );
  });

  it('a new Facts (a new version, a new knowledge) starts empty: nothing outlives its analysis', () => {
    const text = 'x;';
    const one = factsOf(text);
    const two = factsOf(text);
    one.derive('t/a', () => 1);
    assert.equal(
      two.derive('t/a', () => 2),
      2,
    );
  });

  it('a computation that throws stores nothing', () => {
    const facts = factsOf('x;');
    assert.throws(() =>
      facts.derive('t/a', () => {
        throw new Error('stopped');
      }),
    );
    assert.equal(
      facts.derive('t/a', () => 'computed again'),
      'computed again',
    );
  });

  it('is a budget safe point', () => {
    const facts = factsOf('x;');
    facts.budget = startBudget(0);
    const until = Date.now() + 5;
    while (Date.now() <= until) {
      /* let the budget run out */
    }
    assert.throws(() => facts.derive('t/a', () => 1), RuleBudgetExceeded);
  });

  it('carries the knowledge of its analysis; the re-run without a declaration gets a Facts of its own', () => {
    const seen: string[][] = [];
    const probe: Rule = defineRule({
      meta: {
        id: 'sql/derive-probe',
        title: 'probe',
        summary: 'probe',
        cwe: ['CWE-89'],
        ssdf: ['PW.5.1'],
        severity: 'warning',
        confidence: 'medium',
        messages: { m: 'm' },
        fixKinds: [],
      },
      check(context) {
        seen.push(context.facts.derive('t/names', () => (context.facts.knowledge.sanitizers ?? []).map((s) => s.name)));
      },
    });
    analyze(
      { file: 'a.js', text: 'cleanSql(x);\n' },
      { knowledge: { sanitizers: [{ name: 'cleanSql', for: ['sql'] }] } },
      [probe],
    );
    assert.deepEqual(seen[0], ['cleanSql']);
    for (const names of seen.slice(1)) assert.deepEqual(names, [], 'the re-run without the declaration derives afresh');
  });
});
