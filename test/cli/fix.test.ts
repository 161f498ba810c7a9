// `paved-road scan --fix` and `--fix-dry-run` as CI and trainers use them: a real process on real
// files. The dry run's diff must apply with `git apply`/`patch` semantics and give the same files.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { loginHandler } from '../helpers/login-handler';

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
      const hunkLines = hunk
        .split('\n')
        .slice(1)
        .filter((l) => l.length > 0 || false);
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

  it('--fix applies only safe fixes: the SQL rewrites change behaviour, so it leaves them and says how to apply them', () => {
    const dir = copyCases(names);
    const before = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    const r = run(['scan', '.', '--fix'], dir);
    assert.match(r.stderr, /applied 0 fixes in 0 files/);
    assert.match(
      r.stderr,
      /\d+ with a needs-review fix not applied \(review them one by one in the editor, or apply them with --fix-unsafe\)/,
    );
    assert.deepEqual(
      names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')),
      before,
    );
    assert.equal(r.code, 1);
  });

  it('--fix-unsafe writes the paved-road fixes (the same text as the reviewed .fixed cases) and reports what is left', () => {
    const dir = copyCases(names);
    const r = run(['scan', '.', '--fix-unsafe', '--format', 'json'], dir);
    assert.match(r.stderr, /applied \d+ fixes \(\d+ needs-review\) in 3 files/);
    for (const n of names) {
      const ext = path.extname(n);
      assert.equal(
        fs.readFileSync(path.join(dir, n), 'utf8'),
        fs.readFileSync(path.join(cases, n.slice(0, -ext.length) + '.fixed' + ext), 'utf8'),
        n,
      );
    }
    const left = JSON.parse(r.stdout) as { files: { findings: unknown[] }[] };
    const remaining = left.files.reduce((s, f) => s + f.findings.length, 0);
    assert.ok(remaining >= 1, 'the findings without a fix are still reported');
    assert.equal(r.code, 1);
  });

  it('--fix-dry-run prints a unified diff that reproduces --fix, and changes nothing', () => {
    const dir = copyCases(names);
    const before = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    const r = run(['scan', '.', '--fix-dry-run', '--fix-unsafe'], dir);
    assert.match(r.stdout, /^--- a\/knex-reports\.js\n\+\+\+ b\/knex-reports\.js\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    assert.match(r.stderr, /--fix would apply \d+ fixes \(\d+ needs-review\) in 3 files/);
    assert.deepEqual(
      names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')),
      before,
      'a dry run writes nothing',
    );
    applyUnified(dir, r.stdout + '\n');
    for (const n of names) {
      const ext = path.extname(n);
      assert.equal(
        fs.readFileSync(path.join(dir, n), 'utf8'),
        fs.readFileSync(path.join(cases, n.slice(0, -ext.length) + '.fixed' + ext), 'utf8'),
        n,
      );
    }
  });

  it('--fix-kind names the kinds; guidance (no edit) or both ways at once are usage errors', () => {
    const dir = copyCases(names);
    const r = run(['scan', '.', '--fix-kind', 'safe,needs-review', '--fail-on', 'none'], dir);
    assert.match(r.stderr, /applied \d+ fixes \(\d+ needs-review\) in 3 files/);
    assert.equal(r.code, 0);
    const guidance = run(['scan', '.', '--fix-kind', 'guidance'], dir);
    assert.equal(guidance.code, 2);
    assert.match(guidance.stderr, /--fix-kind takes safe and\/or needs-review/);
    const both = run(['scan', '.', '--fix-unsafe', '--fix-kind', 'safe'], dir);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /exclude each other/);
  });

  it('--fix-dry-run --output writes the real patch, owner-only, that git apply takes and that gives what --fix-unsafe gives', function () {
    const git = spawnSync('git', ['--version']);
    if (git.status !== 0) this.skip();
    const dir = copyCases(names);
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'hardcoded-secret', 'cases', 'config.ts'),
      path.join(dir, 'config.ts'),
    );
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'connection-string-password', 'cases', 'db.ts'),
      path.join(dir, 'db.ts'),
    );
    const sh = (...args: string[]): void => {
      const g = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(g.status, 0, g.stderr);
    };
    sh('init', '-q');
    const patch = path.join(dir, 'fixes.patch');
    const r = run(['scan', '.', '--fix-dry-run', '--fix-unsafe', '--output', 'fixes.patch'], dir);
    assert.match(r.stderr, /wrote the patch to fixes\.patch/);
    assert.equal(r.stdout, '', 'the patch goes to the file, not the terminal');
    assert.equal(fs.statSync(patch).mode & 0o777, 0o600);
    const text = fs.readFileSync(patch, 'utf8');
    assert.equal(
      text.match(/^\+\+\+ b\/\.env\.example$/gm)?.length,
      1,
      'one header for the new .env.example, however many files add to it',
    );
    assert.equal(text.match(/^--- \/dev\/null$/gm)?.length, 1);
    // The real text: the secrets the preview masks are on its removed lines.
    const secret = /-.*'(sk_live_[A-Za-z0-9]+|[^']*:\/\/[^']*:[^']*@[^']*)'/m.exec(text);
    assert.ok(secret, 'the patch removes the real secret text');
    sh('apply', '--check', 'fixes.patch');
    sh('apply', 'fixes.patch');
    const applied = [...names, 'config.ts', 'db.ts', '.env.example'].map((n) =>
      fs.readFileSync(path.join(dir, n), 'utf8'),
    );
    const other = copyCases(names);
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'hardcoded-secret', 'cases', 'config.ts'),
      path.join(other, 'config.ts'),
    );
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'connection-string-password', 'cases', 'db.ts'),
      path.join(other, 'db.ts'),
    );
    run(['scan', '.', '--fix-unsafe'], other);
    assert.deepEqual(
      [...names, 'config.ts', 'db.ts', '.env.example'].map((n) => fs.readFileSync(path.join(other, n), 'utf8')),
      applied,
    );
    // The terminal preview of the same run masks the secrets.
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fix-'));
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'hardcoded-secret', 'cases', 'config.ts'),
      path.join(fresh, 'config.ts'),
    );
    fs.copyFileSync(
      path.join(root, 'rules', 'cred', 'connection-string-password', 'cases', 'db.ts'),
      path.join(fresh, 'db.ts'),
    );
    const preview = run(['scan', '.', '--fix-dry-run', '--fix-unsafe'], fresh);
    assert.ok(preview.stdout.includes('--- a/config.ts'));
    assert.ok(!preview.stdout.includes(secret[1]), 'the preview masks the secret');
  });

  it('--fix-dry-run --output never overwrites a file or follows a link', () => {
    const dir = copyCases(names);
    fs.writeFileSync(path.join(dir, 'exists.patch'), 'mine');
    const r = run(['scan', '.', '--fix-dry-run', '--fix-unsafe', '--output', 'exists.patch'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /it exists/);
    assert.equal(fs.readFileSync(path.join(dir, 'exists.patch'), 'utf8'), 'mine');
    const target = path.join(dir, 'elsewhere.txt');
    fs.symlinkSync(target, path.join(dir, 'link.patch'));
    const linked = run(['scan', '.', '--fix-dry-run', '--fix-unsafe', '--output', 'link.patch'], dir);
    assert.equal(linked.code, 2);
    assert.equal(fs.existsSync(target), false, 'nothing written through the link');
  });

  it('--fix keeps a byte order mark and CRLF line endings, and reaches a fixed point: a second run applies nothing', () => {
    const dir = copyCases(['knex-reports.js']);
    const file = path.join(dir, 'knex-reports.js');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '\uFEFF' + original.replace(/\n/g, '\r\n'));
    const first = run(['scan', '.', '--fix-unsafe'], dir);
    assert.match(first.stderr, /applied [1-9]\d* fix/);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    const text = bytes.toString('utf8').slice(1);
    assert.equal(/(^|[^\r])\n/.test(text), false, 'no bare LF among CRLF lines');
    const ext = '.js';
    assert.equal(text, fs.readFileSync(path.join(cases, 'knex-reports.fixed' + ext), 'utf8').replace(/\n/g, '\r\n'));
    const second = run(['scan', '.', '--fix-unsafe'], dir);
    assert.match(second.stderr, /applied 0 fixes in 0 files/);
    assert.equal(fs.readFileSync(file, 'utf8'), bytes.toString('utf8'));
  });

  it('SARIF fixes carry their kind and say what they change; on Node 8 the audit event is written in syntax Node 8 runs', () => {
    const dir = copyCases(['knex-reports.js']);
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'old-app', engines: { node: '>=8' }, dependencies: { express: '^4.0.0' } }),
    );
    fs.writeFileSync(path.join(dir, 'login.js'), loginHandler());
    const r = run(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], dir);
    const results = (
      JSON.parse(r.stdout) as {
        runs: {
          results: {
            ruleId: string;
            fixes?: { description: { text: string }; properties: { kind: string } }[];
            properties: { guidance?: { title: string; reason: string }[] };
          }[];
        }[];
      }
    ).runs[0].results;
    const sql = results.filter((x) => x.ruleId.startsWith('sql/'));
    assert.ok(sql.length > 0 && sql.every((x) => x.fixes?.length));
    for (const x of sql)
      for (const f of x.fixes!) {
        assert.equal(f.properties.kind, 'needs-review');
        assert.match(f.description.text, /\(changes behaviour: .+\)$/);
      }
    // Node 8 (engines.node): the audit event is offered in syntax Node 8 runs (no ?., no object spread).
    const audit = results.filter((x) => x.ruleId.startsWith('audit/'));
    assert.ok(audit.length > 0, 'the login is flagged');
    for (const x of audit) {
      const inserted = JSON.stringify(x.fixes);
      assert.ok(x.fixes?.length && /auditLog/.test(inserted), 'an audit fix is offered');
      assert.ok(!/\?\.|\.\.\.event/.test(inserted), inserted);
    }
  });

  it('a fix that would add a type error to a TypeScript project is guidance in SARIF, with the error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fix-'));
    fs.copyFileSync(
      path.join(root, 'rules', 'xss', 'html-response', 'cases', 'koa-node.ts'),
      path.join(dir, 'koa-node.ts'),
    );
    // escape-html is a declared dependency, but not installed: the import the fix adds does not type-check.
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'k', dependencies: { koa: '^2.0.0', 'escape-html': '^1.0.0' } }),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'es2020', module: 'commonjs', noEmit: true } }),
    );
    const r = run(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], dir);
    const results = (
      JSON.parse(r.stdout) as {
        runs: {
          results: {
            ruleId: string;
            fixes?: unknown[];
            properties: { guidance?: { title: string; reason: string }[] };
          }[];
        }[];
      }
    ).runs[0].results;
    assert.ok(results.length > 0);
    for (const x of results) {
      assert.equal(x.fixes, undefined);
      assert.match(
        x.properties.guidance![0].reason,
        /^the fixed file has a new type error: TS2307: Cannot find module 'escape-html'/,
      );
    }
  });

  it('--fix and --fix-dry-run together are a usage error', () => {
    const r = run(['scan', '.', '--fix', '--fix-dry-run'], os.tmpdir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /exclude each other/);
  });
});
