// defineRule is typed like typescript-eslint's createRule: message ids and options are checked at
// compile time (the `@ts-expect-error` lines below fail the build if they ever compile), options
// get their defaults under the config's values, and the metadata is still checked at load.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/engine/analyze';
import { defineRule } from '../../server/engine/rule';

const meta = { id: 'sql/typed-probe', title: 'probe', summary: 'probe', cwe: ['CWE-89'], ssdf: ['PW.5.1'], severity: 'warning' as const, confidence: 'medium' as const, fixKinds: [] };

describe('defineRule (typed)', () => {
  it('message ids and options are checked at compile time', () => {
    const rule = defineRule({
      meta: { ...meta, messages: { found: 'found {{what}}' } },
      defaultOptions: { maxParts: 3 },
      check(context) {
        const limit: number = context.options.maxParts;
        // @ts-expect-error an option the rule does not declare
        void context.options.unknownOption;
        if (limit < 0) {
          // @ts-expect-error a message id the rule does not declare
          context.report({ messageId: 'fuond', span: { start: 0, end: 1 } });
        }
        context.report({ messageId: 'found', data: { what: String(limit) }, span: { start: 0, end: 1 } });
      },
    });
    assert.equal(rule.meta.id, 'sql/typed-probe');
  });

  it('options: the defaults, with the config\'s values on top', () => {
    const rule = defineRule({
      meta: { ...meta, messages: { found: 'limit {{limit}}' } },
      defaultOptions: { limit: 3, mode: 'strict' },
      check(context) {
        context.report({ messageId: 'found', data: { limit: `${context.options.limit}/${context.options.mode}` }, span: { start: 0, end: 1 } });
      },
    });
    const message = (config: Parameters<typeof analyze>[1]) => analyze({ file: 'a.js', text: 'x;\n' }, config, [rule]).findings[0]?.message;
    assert.equal(message({}), 'limit 3/strict');
    assert.equal(message({ rules: { 'sql/typed-probe': { level: 'warning', options: { limit: 5 } } } }), 'limit 5/strict');
  });

  it('metadata is still checked when the registry loads', () => {
    assert.throws(() => defineRule({ meta: { ...meta, id: 'SQL/Bad', messages: { m: 'm' } }, check() {} }), /id must be/);
  });
});
