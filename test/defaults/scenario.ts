// The defaults family's fix proofs run the engine's own fix on a small piece of application code and
// then run BOTH versions with the real library (Node's tls/crypto, jsonwebtoken). Nothing here is a
// hand-written "fixed" text: the edit comes from the rule, applied as every front door applies it.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/host/analyze';
import { applyFixes } from '../../server/engine/edits';

/** Analyse `code`, apply the preferred fix of every finding of `ruleId`, check it is silent after. */
export function fixed(code: string, ruleId: string, file = 'scenario.js'): string {
  const { findings, notes } = analyze({ file, text: code });
  assert.deepEqual(notes, []);
  const mine = findings.filter((f) => f.ruleId === ruleId);
  assert.ok(mine.length >= 1, `the scenario is flagged by ${ruleId}:\n${code}`);
  const fixes = mine
    .map((f) => f.fixes?.find((x) => x.preferred && x.kind !== 'guidance'))
    .filter((x) => x !== undefined);
  assert.equal(fixes.length, mine.length, `every finding has an edit fix:\n${mine.map((f) => f.message).join('\n')}`);
  const out = applyFixes(code, fixes).text;
  const again = analyze({ file, text: out }).findings.filter((f) => f.ruleId === ruleId);
  assert.deepEqual(
    again.map((f) => f.message),
    [],
    `the fixed code is not flagged again:\n${out}`,
  );
  return out;
}

/** Run a scenario (this test's own code, never workspace code) as a CommonJS module with the real `require`. */
export function load<T>(code: string, globals: Record<string, unknown> = {}): T {
  const mod = { exports: {} as unknown };
  const names = Object.keys(globals);
  new Function('require', 'module', 'exports', ...names, code)(
    require,
    mod,
    mod.exports,
    ...names.map((n) => globals[n]),
  );
  return mod.exports as T;
}
