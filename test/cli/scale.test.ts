// Worker threads and the scan cache change how fast a scan is, never what it finds: the same
// report with one thread, several threads, a cold cache and a warm one; and a cache entry that was
// corrupted or forged is ignored, never believed.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');

function scan(
  args: string[],
  env: Record<string, string> = {},
): { code: number; report: { summary: Record<string, unknown> }; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '--fail-on', 'none', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PAVED_ROAD_CACHE_SECRET: 'test-secret', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { summary: Record<string, unknown> };
  delete report.summary.ms; // the only thing allowed to differ
  return { code: r.status ?? -1, report, stderr: r.stderr };
}

function entries(dir: string): string[] {
  const out: string[] = [];
  for (const sub of fs.readdirSync(dir))
    for (const f of fs.readdirSync(path.join(dir, sub))) out.push(path.join(dir, sub, f));
  return out.sort();
}

describe('scan at scale: worker threads and the cache', function () {
  this.timeout(120000);
  // Every rule's annotated cases and the example app: many findings, fixes, steps and notes.
  const targets = ['rules', 'examples'];
  let cacheDir: string;
  let baseline: ReturnType<typeof scan>['report'];

  before(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-cache-'));
    baseline = scan(['--jobs', '1', ...targets]).report;
    assert.ok((baseline.summary.findings as number) > 10, 'the corpus has findings to compare');
  });
  after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('finds exactly the same with worker threads as in one thread', () => {
    assert.deepEqual(scan(['--jobs', '3', ...targets]).report, baseline);
    assert.deepEqual(scan(['--jobs', 'auto', ...targets]).report, baseline);
  });

  it('finds exactly the same from a cold cache and a warm one, and the warm one reuses every file', () => {
    const cold = scan(['--jobs', '2', '--cache', '--cache-location', cacheDir, ...targets]);
    assert.deepEqual(cold.report, baseline);
    assert.match(cold.stderr, /cache .*: 0 reused, \d+ analysed/);
    const warm = scan(['--cache', '--cache-location', cacheDir, ...targets]);
    assert.deepEqual(warm.report, baseline);
    assert.match(warm.stderr, new RegExp(`cache .*: ${baseline.summary.files as number} reused, 0 analysed`));
  });

  it('ignores entries that were corrupted, truncated, forged or written under another secret', () => {
    scan(['--cache', '--cache-location', cacheDir, ...targets]);
    const files = entries(cacheDir);
    assert.ok(files.length >= 4);
    // 1. a forged "no findings" payload with the old MAC; 2. truncated; 3. garbage;
    // 4. a well-formed entry whose MAC was made with a different secret (another user, a fork's CI).
    // (Analysis entries: the verified fixes cached beside them are checked the same way, after the count.)
    const analyses = files.filter((f) => !fs.readFileSync(f, 'utf8').includes('"verifiedFixes":true'));
    const withFindings = analyses.filter((f) => /"findings":\[\{/.test(fs.readFileSync(f, 'utf8')));
    assert.ok(withFindings.length >= 2, 'some entries hold findings');
    const [forged, truncated] = withFindings;
    const [mac] = fs.readFileSync(forged, 'utf8').split('\n');
    fs.writeFileSync(forged, `${mac}\n${JSON.stringify({ findings: [], notes: [] })}`);
    fs.writeFileSync(truncated, fs.readFileSync(truncated, 'utf8').slice(0, 100));
    const rest = analyses.filter((f) => f !== forged && f !== truncated);
    fs.writeFileSync(rest[0], 'not a cache entry at all \u0000\u00ff');
    const r = scan(['--cache', '--cache-location', cacheDir, ...targets]);
    assert.deepEqual(r.report, baseline, 'the tampered entries did not change the findings');
    assert.match(r.stderr, /3 untrustworthy entries ignored/);
    // Under another secret, no entry is trusted at all, and the findings are still the same.
    const other = scan(['--cache', '--cache-location', cacheDir, ...targets], {
      PAVED_ROAD_CACHE_SECRET: 'another-secret',
    });
    assert.deepEqual(other.report, baseline);
    assert.match(other.stderr, /cache .*: 0 reused/);
  });

  it('does not reuse results across rule configurations or changed files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-scale-'));
    try {
      const file = path.join(dir, 'q.js');
      fs.writeFileSync(
        file,
        `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n`,
      );
      const args = ['--cache', '--cache-location', path.join(dir, 'cache'), file];
      assert.equal(scan(args).report.summary.findings, 1);
      assert.equal(scan(['--rule', 'sql/string-built-query=off', ...args]).report.summary.findings, 0);
      assert.equal(scan(args).report.summary.findings, 1);
      fs.writeFileSync(file, `module.exports = 1;\n`);
      assert.equal(scan(args).report.summary.findings, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad --jobs and a cache location without --cache (exit 2)', () => {
    for (const bad of [
      ['--jobs', '0'],
      ['--jobs', 'many'],
      ['--cache-location', 'x'],
    ]) {
      const r = spawnSync(process.execPath, [cli, 'scan', ...bad, 'examples'], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
    }
  });
});
