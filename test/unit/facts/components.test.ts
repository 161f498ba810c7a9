// facts/components.ts: what a Vue or Svelte component's script says about a name its template
// uses — a prop the parent sets, or the component's own state with every value its script gives it.

import * as assert from 'node:assert/strict';
import type { Facts } from '../../../server/engine/facts';
import { factsOf } from './helpers';

/** The binding of `name` with its values as source text (undefined: values not all visible). */
function describeBinding(
  facts: Facts,
  name: string,
): { source: string; declarators: number; values?: string[] } | undefined {
  const b = facts.componentBinding(name);
  return (
    b && {
      source: b.source,
      declarators: b.declarators.length,
      ...(b.values ? { values: b.values.map((v) => facts.source(v)) } : {}),
    }
  );
}

describe('facts/components', () => {
  it("Svelte: `export let` is a prop; top-level declarations and `$:` assignments are the component's state", () => {
    const facts = factsOf(
      [
        "export let review = '';",
        'let safe = DOMPurify.sanitize(review);',
        '$: html = DOMPurify.sanitize(review);',
        "const STAR = '<svg/>';",
        'let pending;',
        'function local() { const STAR = other(); }',
      ].join('\n'),
    );
    assert.deepEqual(describeBinding(facts, 'review'), { source: 'prop', declarators: 1 });
    assert.deepEqual(describeBinding(facts, 'safe'), {
      source: 'state',
      declarators: 1,
      values: ['DOMPurify.sanitize(review)'],
    });
    assert.deepEqual(describeBinding(facts, 'html'), {
      source: 'state',
      declarators: 0,
      values: ['DOMPurify.sanitize(review)'],
    });
    assert.deepEqual(
      describeBinding(facts, 'STAR'),
      { source: 'state', declarators: 1, values: ["'<svg/>'"] },
      "a function's own STAR is not the component's",
    );
    assert.deepEqual(
      describeBinding(facts, 'pending'),
      { source: 'state', declarators: 1 },
      'declared without a value: its values are not all visible',
    );
    assert.equal(describeBinding(facts, 'unknown'), undefined);
    assert.deepEqual([...facts.componentProps()], ['review']);
  });

  it('Vue Options API: `props` entries are props; `data()` initial values, `this.x =` assignments and `computed` returns are state', () => {
    const facts = factsOf(
      [
        'export default {',
        '  props: { title: String },',
        "  data() { return { bio: '' }; },",
        '  computed: {',
        '    safeBio() { return DOMPurify.sanitize(this.bio); },',
        '    short: () => this.bio.slice(0, 10),',
        '    mapped: mapGetters,',
        '  },',
        '  methods: { async load() { this.bio = await fetchBio(); } },',
        '};',
      ].join('\n'),
    );
    assert.deepEqual(describeBinding(facts, 'title'), { source: 'prop', declarators: 0 });
    assert.deepEqual(describeBinding(facts, 'bio'), {
      source: 'state',
      declarators: 0,
      values: ['await fetchBio()', "''"],
    });
    assert.deepEqual(describeBinding(facts, 'safeBio'), {
      source: 'state',
      declarators: 0,
      values: ['DOMPurify.sanitize(this.bio)'],
    });
    assert.deepEqual(describeBinding(facts, 'short'), {
      source: 'state',
      declarators: 0,
      values: ['this.bio.slice(0, 10)'],
    });
    assert.deepEqual(
      describeBinding(facts, 'mapped'),
      { source: 'state', declarators: 0 },
      'a computed entry that is no function: its value is not visible',
    );
    assert.deepEqual([...facts.componentProps()], []);
  });

  it('Vue <script setup>: refs and computed are declarations; a constant lookup table has its one declaration', () => {
    const facts = factsOf(
      [
        "const icons = { sun: '<svg>sun</svg>', moon: '<svg>moon</svg>' };",
        "const note = ref('');",
        'note.value = props.text;',
      ].join('\n'),
    );
    const icons = facts.componentBinding('icons');
    assert.equal(icons?.declarators.length, 1);
    assert.ok(facts.constantTable(icons!.declarators[0].id), 'the rule asks constantTable of that declaration');
    assert.deepEqual(describeBinding(facts, 'note'), { source: 'state', declarators: 1, values: ["ref('')"] });
  });

  it("returnedValues: an arrow's body, or the function's own returns (not a nested function's)", () => {
    const facts = factsOf(
      'function f(a) { if (a) return 1; const g = () => 2; return [3].map(function () { return 4; }); }',
    );
    const f = facts.nodesOfType('FunctionDeclaration')[0];
    assert.deepEqual(
      facts.returnedValues(f).map((v) => facts.source(v)),
      ['1', '[3].map(function () { return 4; })'],
    );
    const arrow = facts.nodesOfType('ArrowFunctionExpression')[0];
    assert.deepEqual(
      facts.returnedValues(arrow).map((v) => facts.source(v)),
      ['2'],
    );
  });

  it('Vue render functions: h from vue, this.$createElement, a render(h) parameter; not another h', () => {
    const facts = factsOf(
      [
        "import { h } from 'vue';",
        "import { h as hyper } from 'hyperscript';",
        "const a = h('div', { innerHTML: x });",
        "const b = hyper('div', { innerHTML: x });",
        'export default {',
        "  render(createElement) { return createElement('div', { domProps: { innerHTML: x } }); },",
        "  mounted() { this.$createElement('p'); other('p'); },",
        '};',
      ].join('\n'),
    );
    const render = facts
      .nodesOfType('CallExpression')
      .filter((c) => facts.isVueRenderCall(c))
      .map((c) => facts.source(c.callee));
    assert.deepEqual(render, ['h', 'createElement', 'this.$createElement']);
  });
});
