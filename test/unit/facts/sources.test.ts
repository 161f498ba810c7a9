// facts/sources.ts: outside data carries its kind as a field (never read from the description's prose).

import * as assert from 'node:assert/strict';
import type { SourceKind } from '../../../server/engine/facts';
import { factsOf } from './helpers';

function kindsOf(text: string): (SourceKind | undefined)[] {
  const facts = factsOf(text);
  const sink = facts.nodesOfType('CallExpression').filter((c) => facts.source(c.callee) === 'sink');
  return sink.map((c) => facts.outsideSource(c.arguments[0])?.kind);
}

describe('facts/sources', () => {
  it('request fields, browser sources, postMessage data and parameters each have their kind', () => {
    assert.deepEqual(kindsOf([
      "app.get('/x', (req, res) => { sink(req.query.id); });",
      'sink(location.search);',
      "window.addEventListener('message', (event) => { sink(event.data); });",
      'function f(p) { sink(p); }',
      "sink('constant');",
    ].join('\n')), ['request', 'browser', 'message', 'parameter', undefined]);
  });

  it('follows locals and string building to the source, keeping its kind', () => {
    assert.deepEqual(kindsOf("app.post('/x', (req, res) => { const { name } = req.body; const q = 'a' + name.trim(); sink(q); });"), ['request']);
  });

  it('a parameter description names it, but the kind is what rules read', () => {
    const facts = factsOf('function f(id) { sink(id); }');
    const source = facts.outsideSource(facts.nodesOfType('CallExpression')[0].arguments[0]);
    assert.equal(source?.kind, 'parameter');
    assert.equal(source?.description, 'parameter `id`');
  });
});
