// The project scans itself clean: `paved-road scan .` at the repository root reports nothing but
// the course material under examples/ (vulnerable on purpose: it is what the course teaches, and
// what the demos and tests scan in place). Everything else vulnerable on purpose is ignored by the
// root paved-road.json, each ignore with its reason.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { packageRoot } from '../../server/engine/paths';

describe('the project scans itself clean', function () {
  this.timeout(300000);
  const root = packageRoot();

  it('its paved-road.json gives a reason for every ignore', () => {
    const config = parse(fs.readFileSync(path.join(root, 'paved-road.json'), 'utf8')) as {
      ignores: { pattern: string; reason: string }[];
    };
    assert.ok(config.ignores.length > 0);
    for (const i of config.ignores) assert.ok(i.reason.trim().length > 20, `${i.pattern} has a reason`);
  });

  it('a scan of the repository reports findings in the course material only', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none', '--jobs', 'auto'],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      files: { path: string; findings: { ruleId: string; start: { line: number } }[] }[];
      summary: { ignored: number };
    };
    const outside = report.files
      .flatMap((f) => f.findings.map((x) => `${f.path}:${x.start.line} ${x.ruleId}`))
      .filter((where) => !where.startsWith('examples/'));
    assert.deepEqual(outside, []);
    assert.ok(report.summary.ignored > 0, 'the fixtures were left out by the config');
  });
});
