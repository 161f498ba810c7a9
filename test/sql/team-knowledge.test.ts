// Team knowledge from paved-road.json reaches the SQL rules: a team's own sinks (with their
// placeholder style, fixed in that dialect), its SQL sanitizers, and its binding tagged templates.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/host/analyze';
import { applyFixes } from '../../server/engine/edits';
import type { TeamKnowledge } from '../../server/engine/types';

const knowledge: TeamKnowledge = {
  sqlSinks: [
    { module: '@acme/db', name: 'run', placeholder: 'question' },
    { module: '@acme/db', name: 'select', placeholder: 'dollar' },
    { name: 'legacyDb.exec' },
  ],
  sanitizers: [{ module: '@acme/db', name: 'quote', for: ['sql'] }],
  sqlTaggedTemplates: [{ module: '@acme/db', name: 'sqlFragment' }],
};

const code = `import { run, select, quote, sqlFragment } from '@acme/db';
export async function a(req) { return run("SELECT * FROM t WHERE name = '" + req.query.name + "'"); }
export async function b(req) { return select(\`SELECT * FROM t WHERE id = \${req.params.id} AND org = $1\`, [req.user.org]); }
export async function c(req) { return legacyDb.exec('DELETE FROM t WHERE id = ' + req.params.id); }
export async function d(req) { return run('SELECT * FROM t WHERE name = ' + quote(req.query.name)); }
export async function e(req) { const where = sqlFragment\`name = \${req.query.name}\`; return run('SELECT * FROM t WHERE ' + where); }
export async function f(req) { return unrelated.exec('DELETE FROM t WHERE id = ' + req.params.id); }
`;

describe('SQL rules read the team knowledge', () => {
  it('without knowledge, the team functions are not sinks', () => {
    const { findings } = analyze({ file: 'team.js', text: code });
    assert.deepEqual(
      findings.filter((f) => f.ruleId.startsWith('sql/')).map((f) => f.message),
      [],
    );
  });

  it('team sinks are reported and fixed in their own placeholder style; sanitizers and binding tags are respected', () => {
    const { findings, notes } = analyze({ file: 'team.js', text: code }, { knowledge });
    assert.deepEqual(notes, []);
    const sql = findings.filter((f) => f.ruleId === 'sql/string-built-query');
    const lines = sql.map((f) => code.slice(0, f.span.start).split('\n').length);
    assert.deepEqual(lines, [2, 3, 4]);
    const fixes = sql.map((f) => f.fixes?.find((x) => x.preferred)).filter((x) => x !== undefined);
    assert.equal(fixes.length, 2, 'the team sink without a placeholder style gets no guessed fix');
    const fixed = applyFixes(code, fixes).text.split('\n');
    assert.equal(
      fixed[1],
      `export async function a(req) { return run('SELECT * FROM t WHERE name = ?', [req.query.name]); }`,
    );
    assert.equal(
      fixed[2],
      'export async function b(req) { return select(`SELECT * FROM t WHERE id = $2 AND org = $1`, [req.user.org, req.params.id]); }',
    );
    assert.match(sql[2].message, /No automatic fix/);
  });
});
