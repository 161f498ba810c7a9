import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appsRoot, checkAgainst, checkShape, checkout, labelsRoot, loadAll } from './realapps-labels';

// The real applications are measured by `npm run measure -- realapps`; this keeps their labels
// honest: well-formed, with reasons, and (where a checkout is present) at the labelled commit and
// on real lines, so a label that drifted off its line cannot turn a miss into a pass. It never
// prints line contents.
describe('real-application labels (test/fixtures/realapps)', () => {
  const all = loadAll();

  it('covers the development set: three vulnerable apps and at least four clean ones', () => {
    assert.ok(all.filter((a) => a.kind === 'vulnerable').length >= 3);
    assert.ok(all.filter((a) => a.kind === 'clean').length >= 4);
    assert.ok(
      all.every((a) => a.labels.some((l) => l.kind === 'issue')),
      'every app has known issues to find',
    );
  });

  for (const a of all) {
    it(`${a.app}: labels are well-formed, each with a reason and one label per event`, () => {
      assert.deepEqual(checkShape(a, `${a.app}.json`), []);
    });
    it(`${a.app}: labels point at real, non-blank lines of the labelled commit (when the checkout is present)`, function () {
      const c = checkout(a);
      if (!c.present) this.skip();
      assert.deepEqual(checkAgainst(a, c.dir, c.head), []);
    });
  }

  it('the shape check catches what it must', () => {
    const good = all[0];
    const bad = {
      ...good,
      commit: 'main',
      labels: [
        { kind: 'issue' as const, family: 'xss' as const, file: 'a.js', line: 3, why: 'x' },
        { kind: 'none' as const, family: 'xss' as const, file: 'a.js', line: 2, endLine: 4, why: '' },
        {
          kind: 'false' as const,
          family: 'cred' as const,
          rule: 'xss/html-response',
          file: '../a.js',
          line: 1,
          why: 'y',
        },
      ],
    };
    const problems = checkShape(bad, `${good.app}.json`).join('\n');
    assert.match(problems, /commit is not 40 hex/);
    assert.match(problems, /needs a source/);
    assert.match(problems, /no reason/);
    assert.match(problems, /is also covered by label 0/);
    assert.match(problems, /not in family cred/);
    assert.match(problems, /needs 'triaged'/);
    assert.match(problems, /bad file/);
  });

  it('the checkout check catches a label off its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-realapps-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.js'), 'one\n\nthree\nconst key = "hunter22secret";\n');
      const a = {
        ...all[0],
        labels: [
          { kind: 'issue' as const, family: 'sql' as const, file: 'a.js', line: 2, source: 'docs: x', why: 'blank' },
          {
            kind: 'issue' as const,
            family: 'sql' as const,
            file: 'a.js',
            line: 3,
            endLine: 9,
            source: 'docs: x',
            why: 'long',
          },
          { kind: 'issue' as const, family: 'sql' as const, file: 'b.js', line: 1, source: 'docs: x', why: 'gone' },
          {
            kind: 'issue' as const,
            family: 'cred' as const,
            file: 'a.js',
            line: 4,
            source: 'docs: x',
            why: 'key is "hunter22secret"',
          },
          {
            kind: 'false' as const,
            family: 'cred' as const,
            file: 'a.js',
            line: 1,
            triaged: 'x',
            why: 'one is a word',
          },
        ],
      };
      const problems = checkAgainst(a, dir, 'f'.repeat(40)).join('\n');
      assert.match(problems, /checkout is at f+, labels are for/);
      assert.match(problems, /a\.js:2: labelled line is blank/);
      assert.match(problems, /a\.js:9: past the end/);
      assert.match(problems, /b\.js: no such file/);
      assert.match(problems, /a\.js:4: the reason repeats a value/);
      assert.doesNotMatch(problems, /a\.js:1:/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the checkouts in PAVED_ROAD_REALAPPS, else in .realapps/', () => {
    assert.equal(appsRoot({ PAVED_ROAD_REALAPPS: '/tmp/x' }), '/tmp/x');
    assert.equal(appsRoot({}), path.join(path.resolve(labelsRoot, '..', '..', '..'), '.realapps'));
  });
});
