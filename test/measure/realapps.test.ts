import * as assert from 'node:assert/strict';
import { familyOf, score, sum } from './realapps';
import type { AppLabel } from './realapps-labels';

// The scoring of the real-application benchmark (npm run measure -- realapps): how findings meet
// labels. The measure itself needs the apps; this pins its arithmetic on made-up labels.
describe('real-application scoring', () => {
  const labels: AppLabel[] = [
    {
      kind: 'issue',
      family: 'audit',
      file: 'a.js',
      line: 10,
      endLine: 12,
      also: [{ file: 'b.js', line: 3 }],
      source: 'review: x',
      why: 'login',
    },
    { kind: 'issue', family: 'audit', file: 'a.js', line: 20, source: 'docs: x', why: 'logout' },
    { kind: 'none', family: 'audit', file: 'a.js', line: 30, why: 'route guard' },
    { kind: 'true', family: 'audit', file: 'c.js', line: 5, triaged: '2026-12-06', why: 'found and real' },
    { kind: 'false', family: 'audit', file: 'c.js', line: 8, triaged: '2026-12-06', why: 'found and wrong' },
    { kind: 'issue', family: 'xss', file: 'a.js', line: 20, source: 'docs: x', why: 'another family on the same line' },
  ];

  it('counts a labelled event once, a second report of it as a duplicate, and labelled bait as a false alarm', () => {
    const s = score(
      labels,
      [
        { file: 'a.js', line: 11, ruleId: 'audit/unlogged-authentication' },
        { file: 'a.js', line: 11, ruleId: 'audit/console-instead-of-audit-log' }, // same line: one finding
        { file: 'b.js', line: 3, ruleId: 'audit/unlogged-authentication' }, // the same login, elsewhere
        { file: 'a.js', line: 30, ruleId: 'audit/unlogged-access-denial' },
        { file: 'c.js', line: 5, ruleId: 'audit/unlogged-access-denial' },
        { file: 'c.js', line: 8, ruleId: 'audit/unlogged-access-denial' },
        { file: 'd.js', line: 1, ruleId: 'audit/unlogged-access-denial' },
      ],
      'audit',
    );
    assert.deepEqual(
      { known: s.known, found: s.found, tp: s.tp, fp: s.fp, dup: s.dup, unknown: s.unknown },
      { known: 2, found: 1, tp: 2, fp: 2, dup: 1, unknown: 1 },
    );
    assert.deepEqual(
      s.misses.map((m) => m.why),
      ['logout'],
    );
    assert.deepEqual(
      s.duplicates.map((d) => `${d.finding.file}:${d.finding.line}`),
      ['b.js:3'],
    );
    assert.deepEqual(s.untriaged, [{ file: 'd.js', line: 1, rules: ['audit/unlogged-access-denial'] }]);
    assert.deepEqual(
      s.falseAlarms.map((a) => a.label.why),
      ['route guard', 'found and wrong'],
    );
    assert.deepEqual(
      score(
        labels,
        [
          { file: 'a.js', line: 11, ruleId: 'r' },
          { file: 'a.js', line: 11, ruleId: 'q' },
        ],
        'audit',
      ).untriaged,
      [],
    );
  });

  it("matches within a label's lines and family only: no blanket tolerance", () => {
    const off = score(
      labels,
      [
        { file: 'a.js', line: 13, ruleId: 'audit/x' },
        { file: 'a.js', line: 9, ruleId: 'audit/x' },
      ],
      'audit',
    );
    assert.equal(off.found, 0);
    assert.equal(off.unknown, 2);
    const xss = score(
      labels,
      [
        { file: 'a.js', line: 11, ruleId: 'xss/x' },
        { file: 'a.js', line: 20, ruleId: 'xss/y' },
      ],
      'xss',
    );
    assert.deepEqual({ known: xss.known, found: xss.found, unknown: xss.unknown }, { known: 1, found: 1, unknown: 1 });
  });

  it('sums families over apps', () => {
    const a = score(labels, [{ file: 'a.js', line: 20, ruleId: 'audit/x' }], 'audit');
    const b = score(
      labels,
      [
        { file: 'a.js', line: 30, ruleId: 'audit/x' },
        { file: 'z.js', line: 1, ruleId: 'audit/x' },
      ],
      'audit',
    );
    const t = sum('audit', [a, b]);
    assert.deepEqual(
      { known: t.known, found: t.found, tp: t.tp, fp: t.fp, unknown: t.unknown },
      { known: 4, found: 1, tp: 1, fp: 1, unknown: 1 },
    );
  });

  it("puts each tool's rules in a family, and the rest outside", () => {
    assert.equal(familyOf('paved-road', 'cred/hardcoded-secret'), 'cred');
    assert.equal(familyOf('paved-road', 'sql/string-built-query'), 'sql');
    assert.equal(familyOf('secretlint', 'secretlint/privatekey'), 'cred');
    assert.equal(familyOf('eslint', 'no-unsanitized/property'), 'xss');
    assert.equal(familyOf('eslint', 'security/detect-disable-mustache-escape'), 'xss');
    assert.equal(familyOf('eslint', 'security/detect-object-injection'), undefined);
  });
});
