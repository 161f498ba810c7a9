// Move-to-environment fixes applied together must compose: the fail-fast guard (`requireEnv`) is
// added once per file however many fixes carry it — two secrets in one object literal, `scan --fix`,
// or one fix at a time as an editor applies them — and two different secrets never end up in one
// variable. (A guard statement inserted before the enclosing statement collided here: two fixes in
// one object literal inserted at the same offset, so a bulk apply dropped one and a sequential one
// duplicated it.)

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/host/analyze';
import { applyFixes } from '../../server/engine/edits';
import type { Fix } from '../../server/engine/types';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const count = (text: string, needle: string): number => text.split(needle).length - 1;

function preferred(file: string, text: string): Fix[] {
  return analyze({ file, text })
    .findings.filter((f) => f.ruleId.startsWith('cred/'))
    .flatMap((f) => (f.fixes ?? []).filter((x) => x.preferred));
}

function credLeft(file: string, text: string): number {
  const r = analyze({ file, text });
  assert.deepEqual(
    r.notes.filter((n) => n.kind === 'parse-error'),
    [],
    'the fixed file parses',
  );
  return r.findings.filter((f) => f.ruleId.startsWith('cred/')).length;
}

const TWO_IN_ONE_OBJECT = `import nodemailer from 'nodemailer';

export const mailer = nodemailer.createTransport({ host: 'smtp.acme.test', auth: { user: 'mailer', pass: 'smtp-Pa55-rel4y' }, dkim: { domainName: 'acme.test', keySelector: 'mail', privateKey: 'dkim-Pr1v4te-k3y-2024' } });
export const settings = { dbPassword: 'Wk7#pLq2vX9!mZ', apiKey: 'pk9V2x7QmL4tR8wZ1cN6' };
`;

describe('credential fixes applied together', () => {
  it('two secrets in one object literal: both moved, one guard', () => {
    const fixes = preferred('mail.ts', TWO_IN_ONE_OBJECT);
    assert.equal(fixes.length, 4);
    const { text, applied } = applyFixes(TWO_IN_ONE_OBJECT, fixes);
    assert.equal(applied, 4, 'no fix dropped as overlapping');
    assert.equal(count(text, 'function requireEnv('), 1);
    assert.equal(count(text, "requireEnv('"), 4);
    assert.equal(credLeft('mail.ts', text), 0);
  });

  it('one fix at a time (as an editor applies them): still one guard', () => {
    let text = TWO_IN_ONE_OBJECT;
    for (let i = 0; i < 10; i++) {
      const [first] = preferred('mail.ts', text);
      if (!first) break;
      text = applyFixes(text, [first]).text;
    }
    assert.equal(count(text, 'function requireEnv('), 1);
    assert.equal(count(text, "requireEnv('"), 4);
    assert.equal(credLeft('mail.ts', text), 0);
  });

  it('two different secrets never share a variable, in bulk or one at a time; the same secret twice does', () => {
    const source = `const { Pool } = require('pg');
const primary = new Pool({ host: 'db1', password: 'Pr1mary-Pw-77' });
const replica = new Pool({ host: 'db2', password: 'R3plica-Pw-88' });
const reports = new Pool({ host: 'db1', password: 'Pr1mary-Pw-77' });
module.exports = { primary, replica, reports };
`;
    const bulk = applyFixes(source, preferred('db.js', source)).text;
    assert.deepEqual(
      [...bulk.matchAll(/requireEnv\('(\w+)'\)/g)].map((m) => m[1]),
      ['DB_PASSWORD', 'DB_PASSWORD_2', 'DB_PASSWORD'],
    );
    let oneByOne = source;
    for (let i = 0; i < 10; i++) {
      const fixes = preferred('db.js', oneByOne);
      if (!fixes.length) break;
      oneByOne = applyFixes(oneByOne, [fixes[fixes.length - 1]]).text;
    }
    const names = [...oneByOne.matchAll(/requireEnv\('(\w+)'\)/g)].map((m) => m[1]);
    assert.equal(
      new Set(names).size,
      3,
      `one at a time, nothing is known about values already moved: distinct names (${names})`,
    );
    assert.equal(count(oneByOne, 'function requireEnv('), 1);
  });

  it("a file that already has the team's requireEnv gets no second one", () => {
    const source = `import { requireEnv } from './env';\nexport const db = { password: 'Wk7#pLq2vX9!mZ' };\n`;
    const { text } = applyFixes(source, preferred('db.ts', source));
    assert.equal(
      text,
      `import { requireEnv } from './env';\nexport const db = { password: requireEnv('DB_PASSWORD') };\n`,
    );
  });

  it('scan --fix-unsafe: one guard per file, each name once in .env.example, and a second run changes nothing', function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-cred-fix-'));
    try {
      fs.writeFileSync(path.join(dir, 'mail.ts'), TWO_IN_ONE_OBJECT);
      const run = (): ReturnType<typeof spawnSync> =>
        spawnSync(
          process.execPath,
          [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--fix-unsafe', '--fail-on', 'none'],
          { cwd: dir, encoding: 'utf8' },
        );
      const first = run();
      assert.equal(first.status, 0, String(first.stderr));
      const fixed = fs.readFileSync(path.join(dir, 'mail.ts'), 'utf8');
      assert.equal(count(fixed, 'function requireEnv('), 1);
      assert.equal(credLeft('mail.ts', fixed), 0);
      const example = fs.readFileSync(path.join(dir, '.env.example'), 'utf8').split('\n').filter(Boolean).sort();
      assert.deepEqual(example, [...new Set(example)], 'each name once');
      assert.equal(example.length, 4);
      run();
      assert.equal(fs.readFileSync(path.join(dir, 'mail.ts'), 'utf8'), fixed);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
