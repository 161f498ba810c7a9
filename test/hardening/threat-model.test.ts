// THREAT_MODEL.md is held to its own quality bar: every threat names at least one proof, every proof
// names a test file under test/ that npm test runs, and the quoted test title (or a fragment of it)
// is in that file. SECURITY.md has what a reporter needs.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const PROOF = /\[[^\]]+\]\((test\/[^)\s]+)\)\s*"((?:[^"\\]|\\.)+)"/g;

describe('THREAT_MODEL.md and SECURITY.md', () => {
  const model = fs.readFileSync(path.join(root, 'THREAT_MODEL.md'), 'utf8');

  it('has assets, trust boundaries (editor, server, workspace, shared configs, CI), attacker inputs, threats and residual risks', () => {
    for (const heading of [
      '## Assets',
      '## Trust boundaries',
      '## Attacker-controlled inputs',
      '## Threats and mitigations',
      '## Residual risks',
    ]) {
      assert.ok(model.includes(`\n${heading}`), heading);
    }
    const boundaries = model.slice(
      model.indexOf('## Trust boundaries'),
      model.indexOf('## Attacker-controlled inputs'),
    );
    for (const b of ['Editor', 'language server', 'workspace', 'team config', 'CI'])
      assert.ok(boundaries.includes(b), b);
  });

  it('every threat names a test that exists, runs in npm test, and holds the quoted title', () => {
    const section = model.slice(model.indexOf('## Threats and mitigations'), model.indexOf('## Residual risks'));
    const rows = section.split('\n').filter((l) => /^\| T\d+ /.test(l));
    assert.ok(rows.length >= 10, `${rows.length} threats`);
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    assert.equal(scripts.test, "mocha 'out/test/**/*.test.js'", 'npm test runs every *.test.ts under test/');
    for (const row of rows) {
      const id = row.split('|')[1].trim();
      const proofs = [...row.matchAll(PROOF)];
      assert.ok(proofs.length > 0, `${id} names no test`);
      for (const [, file, quoted] of proofs) {
        assert.match(file, /^test\/.+\.test\.ts$/, `${id}: ${file} is not a test npm test runs`);
        const abs = path.join(root, file);
        assert.ok(fs.existsSync(abs), `${id}: ${file} does not exist`);
        const title = quoted.replace(/\\"/g, '"');
        assert.ok(
          fs.readFileSync(abs, 'utf8').replace(/\\'/g, "'").includes(title),
          `${id}: "${title}" is not in ${file}`,
        );
      }
    }
  });

  it('SECURITY.md says how to report, what is in scope, the response timeline and safe harbour', () => {
    const policy = fs.readFileSync(path.join(root, 'SECURITY.md'), 'utf8');
    for (const heading of ['## Reporting a vulnerability', '## Scope', '## What happens next', '## Safe harbour'])
      assert.ok(policy.includes(`\n${heading}`), heading);
    assert.match(policy, /do not open a public issue/i);
    assert.match(policy, /within \d+ working days/);
  });
});
