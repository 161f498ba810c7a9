// defineRule is typed like typescript-eslint's createRule: message ids and options are checked at
// compile time (the `@ts-expect-error` lines below fail the build if they ever compile), options
// get their defaults under the config's values, and the metadata is still checked at load.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/engine/analyze';
import { applyDefaults, defineRule } from '../../server/engine/rule';

const meta = {
  id: 'sql/typed-probe',
  title: 'probe',
  summary: 'probe',
  cwe: ['CWE-89'],
  ssdf: ['PW.5.1'],
  severity: 'warning' as const,
  confidence: 'medium' as const,
  fixKinds: [],
};
const NUMBER = { type: 'integer', minimum: 0 };

describe('defineRule (typed)', () => {
  it('message ids and options are checked at compile time', () => {
    const rule = defineRule({
      meta: {
        ...meta,
        messages: { found: 'found {{what}}' },
        options: {
          defaults: { maxParts: 3 },
          schema: { type: 'object', additionalProperties: false, properties: { maxParts: NUMBER } },
        },
      },
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

  it("a rule without options has none to read, and an options schema names exactly the defaults' keys (compile time)", () => {
    defineRule({
      meta: { ...meta, messages: { found: 'found' } },
      check(context) {
        // @ts-expect-error a rule that declares no options reads none
        void context.options.maxParts;
        context.report({ messageId: 'found', span: { start: 0, end: 1 } });
      },
    });
    assert.throws(
      () =>
        defineRule({
          meta: {
            ...meta,
            messages: { found: 'found' },
            options: {
              defaults: { a: 1, b: 2 },
              // @ts-expect-error the schema leaves out an option the defaults give
              schema: { type: 'object', additionalProperties: false, properties: { a: NUMBER } },
            },
          },
          check() {},
        }),
      /options\.schema names \[a\] but the defaults give \[a,b\]/,
    );
    assert.throws(
      () =>
        defineRule({
          meta: {
            ...meta,
            messages: { found: 'found' },
            // @ts-expect-error a schema that lets unknown options through
            options: { defaults: { a: 1 }, schema: { type: 'object', properties: { a: NUMBER } } },
          },
          check() {},
        }),
      /additionalProperties: false/,
    );
  });

  it("options: the defaults, with the config's values on top", () => {
    const rule = defineRule({
      meta: {
        ...meta,
        messages: { found: 'limit {{limit}}' },
        options: {
          defaults: { limit: 3, mode: 'strict', require: { a: 'x', b: 'y' } },
          schema: {
            type: 'object',
            additionalProperties: false,
            properties: { limit: NUMBER, mode: { enum: ['strict', 'loose'] }, require: { type: 'object' } },
          },
        },
      },
      check(context) {
        const { limit, mode, require } = context.options;
        context.report({
          messageId: 'found',
          data: { limit: `${limit}/${mode}/${require.a}${require.b}` },
          span: { start: 0, end: 1 },
        });
      },
    });
    const message = (config: Parameters<typeof analyze>[1]) =>
      analyze({ file: 'a.js', text: 'x;\n' }, config, [rule]).findings[0]?.message;
    assert.equal(message({}), 'limit 3/strict/xy');
    assert.equal(
      message({ rules: { 'sql/typed-probe': { level: 'warning', options: { limit: 5 } } } }),
      'limit 5/strict/xy',
    );
    // Objects merge key by key, as typescript-eslint's applyDefault does: `require.b` keeps its default.
    assert.equal(message({ rules: { 'sql/typed-probe': { options: { require: { a: 'z' } } } } }), 'limit 3/strict/zy');
  });

  it('applyDefaults: objects merged key by key, arrays and values replaced, inputs unchanged, __proto__ a plain key', () => {
    const defaults = { list: [1, 2], nested: { a: 1, b: { c: 2 } }, n: 1 };
    const merged = applyDefaults(
      defaults,
      JSON.parse('{ "list": [3], "nested": { "b": { "d": 4 } }, "__proto__": { "polluted": true } }'),
    );
    assert.deepEqual(merged.list, [3]);
    assert.deepEqual(merged.nested, { a: 1, b: { c: 2, d: 4 } });
    assert.equal(merged.n, 1);
    assert.equal((merged as { polluted?: boolean }).polluted, undefined);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.deepEqual(defaults, { list: [1, 2], nested: { a: 1, b: { c: 2 } }, n: 1 });
    assert.deepEqual(applyDefaults(undefined, undefined), {});
  });

  it("a fix of a kind the rule does not declare, or that breaks its kind's contract, is a rule error (a note), not a finding", () => {
    const probe = (fixKinds: ('safe' | 'needs-review' | 'guidance')[], fix: object) =>
      defineRule({
        meta: { ...meta, fixKinds, messages: { found: 'found' } },
        check(context) {
          context.report({ messageId: 'found', span: { start: 0, end: 1 }, fixes: [fix as never] });
        },
      });
    const run = (rule: ReturnType<typeof defineRule>) => analyze({ file: 'a.js', text: 'x;\n' }, {}, [rule]);
    const edit = { title: 'fix', edits: [{ span: { start: 0, end: 1 }, newText: 'y' }] };
    const undeclared = run(probe([], { ...edit, kind: 'safe' }));
    assert.deepEqual(undeclared.findings, []);
    assert.match(
      undeclared.notes.find((n) => n.kind === 'rule-error')?.message ?? '',
      /offered a safe fix but declares only no fixes/,
    );
    assert.match(
      run(probe(['needs-review'], { ...edit, kind: 'needs-review' })).notes.find((n) => n.kind === 'rule-error')
        ?.message ?? '',
      /needs-review fix says what it changes/,
    );
    assert.equal(
      run(probe(['needs-review'], { ...edit, kind: 'needs-review', changes: 'y instead of x' })).findings.length,
      1,
    );
  });

  it('metadata is still checked when the registry loads', () => {
    assert.throws(
      () => defineRule({ meta: { ...meta, id: 'SQL/Bad', messages: { m: 'm' } }, check() {} }),
      /id must be/,
    );
  });
});
