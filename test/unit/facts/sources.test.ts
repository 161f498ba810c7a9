// facts/sources.ts: outside data carries its kind as a field (never read from the description's prose).

import * as assert from 'node:assert/strict';
import type { SourceKind } from '../../../server/engine/facts';
import { analyze } from '../../../server/host/analyze';
import { factsOf } from './helpers';

function kindsOf(text: string): (SourceKind | undefined)[] {
  const facts = factsOf(text);
  const sink = facts.nodesOfType('CallExpression').filter((c) => facts.source(c.callee) === 'sink');
  return sink.map((c) => facts.outsideSource(c.arguments[0])?.kind);
}

describe('facts/sources', () => {
  it('request fields, browser sources, postMessage data and parameters each have their kind', () => {
    assert.deepEqual(
      kindsOf(
        [
          "app.get('/x', (req, res) => { sink(req.query.id); });",
          'sink(location.search);',
          "window.addEventListener('message', (event) => { sink(event.data); });",
          'function f(p) { sink(p); }',
          "sink('constant');",
        ].join('\n'),
      ),
      ['request', 'browser', 'message', 'parameter', undefined],
    );
  });

  it('follows locals and string building to the source, keeping its kind', () => {
    assert.deepEqual(
      kindsOf("app.post('/x', (req, res) => { const { name } = req.body; const q = 'a' + name.trim(); sink(q); });"),
      ['request'],
    );
  });

  it('a parameter description names it, but the kind is what rules read', () => {
    const facts = factsOf('function f(id) { sink(id); }');
    const source = facts.outsideSource(facts.nodesOfType('CallExpression')[0].arguments[0]);
    assert.equal(source?.kind, 'parameter');
    assert.equal(source?.description, 'parameter `id`');
  });
});

describe('team knowledge the engine reads', () => {
  it('requestSources: what a declared in-house request function returns is request data', () => {
    const text = "import { input } from '@acme/web';\nfunction h() { sink(input('id')); sink(other('id')); }";
    const facts = factsOf(text, { requestSources: [{ module: '@acme/web', name: 'input' }] });
    const kinds = facts
      .nodesOfType('CallExpression')
      .filter((c) => facts.source(c.callee) === 'sink')
      .map((c) => facts.outsideSource(c.arguments[0])?.kind);
    assert.deepEqual(kinds, ['request', undefined]);
    assert.equal(
      factsOf(text).outsideSource(facts.nodesOfType('CallExpression')[0].arguments[0]),
      undefined,
      'not without the declaration',
    );
  });

  it('pavedRoads: every finding of the family names the team paved road', () => {
    const text =
      "const db = require('mysql');\napp.get('/u', (req, res) => db.query('SELECT * FROM u WHERE id = ' + req.query.id));\n";
    const plain = analyze({ file: 'a.js', text }).findings.filter((f) => f.ruleId.startsWith('sql/'));
    const taught = analyze(
      { file: 'a.js', text },
      { knowledge: { pavedRoads: { sql: 'db.run from @acme/db' } } },
    ).findings.filter((f) => f.ruleId.startsWith('sql/'));
    assert.ok(plain.length > 0);
    assert.deepEqual(
      taught.map((f) => f.message),
      plain.map((f) => `${f.message} Team paved road: db.run from @acme/db.`),
    );
  });
});
