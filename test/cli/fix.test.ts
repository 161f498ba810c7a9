// `paved-road scan --fix` and `--fix-dry-run` as CI and trainers use them: a real process on real
// files. The dry run's diff must apply with `git apply`/`patch` semantics and give the same files.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');
const cases = path.join(root, 'rules', 'sql', 'string-built-query', 'cases');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function copyCases(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fix-'));
  for (const n of names) fs.copyFileSync(path.join(cases, n), path.join(dir, n));
  return dir;
}

/** Apply a unified diff of whole-line hunks (what --fix-dry-run prints) to the files under dir. */
function applyUnified(dir: string, diff: string): void {
  const files = diff.split(/^--- a\//m).filter(Boolean);
  for (const chunk of files) {
    const [header, ...rest] = chunk.split('\n');
    const file = path.join(dir, header.trim());
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const body = rest.join('\n').replace(/^\+\+\+ b\/.*\n/, '');
    let offset = 0;
    for (const hunk of body.split(/^(?=@@ )/m).filter((h) => h.startsWith('@@'))) {
      const m = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/.exec(hunk)!;
      const hunkLines = hunk.split('\n').slice(1).filter((l) => l.length > 0 || false);
      const oldLines = hunkLines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
      const newLines = hunkLines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
      assert.equal(oldLines.length, Number(m[2]), `hunk old count in ${header}`);
      assert.equal(newLines.length, Number(m[4]), `hunk new count in ${header}`);
      const at = Number(m[1]) - 1 + offset;
      assert.deepEqual(lines.slice(at, at + oldLines.length), oldLines, `context of ${header} at ${m[1]}`);
      lines.splice(at, oldLines.length, ...newLines);
      offset += newLines.length - oldLines.length;
    }
    fs.writeFileSync(file, lines.join('\n'));
  }
}

describe('CLI --fix and --fix-dry-run', () => {
  const names = ['pg-express.ts', 'knex-reports.js', 'sequelize-search.js'];

  it('--fix writes the paved-road fixes (the same text as the reviewed .fixed cases) and reports what is left', () => {
    const dir = copyCases(names);
    const r = run(['scan', '.', '--fix', '--format', 'json'], dir);
    assert.match(r.stderr, /applied \d+ fixes in 3 files/);
    for (const n of names) {
      const ext = path.extname(n);
      assert.equal(fs.readFileSync(path.join(dir, n), 'utf8'), fs.readFileSync(path.join(cases, n.slice(0, -ext.length) + '.fixed' + ext), 'utf8'), n);
    }
    const left = JSON.parse(r.stdout) as { files: { findings: unknown[] }[] };
    const remaining = left.files.reduce((s, f) => s + f.findings.length, 0);
    assert.ok(remaining >= 1, 'the findings without a fix are still reported');
    assert.equal(r.code, 1);
  });

  it('--fix-dry-run prints a unified diff that reproduces --fix, and changes nothing', () => {
    const dir = copyCases(names);
    const before = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    const r = run(['scan', '.', '--fix-dry-run'], dir);
    assert.match(r.stdout, /^--- a\/knex-reports\.js\n\+\+\+ b\/knex-reports\.js\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    assert.match(r.stderr, /--fix would apply \d+ fixes in 3 files/);
    assert.deepEqual(names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')), before, 'a dry run writes nothing');
    applyUnified(dir, r.stdout + '\n');
    for (const n of names) {
      const ext = path.extname(n);
      assert.equal(fs.readFileSync(path.join(dir, n), 'utf8'), fs.readFileSync(path.join(cases, n.slice(0, -ext.length) + '.fixed' + ext), 'utf8'), n);
    }
  });

  it('--fix and --fix-dry-run together are a usage error', () => {
    const r = run(['scan', '.', '--fix', '--fix-dry-run'], os.tmpdir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /exclude each other/);
  });
});
