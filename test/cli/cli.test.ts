// The CLI as CI runs it: a real process, real files, exit codes, formats, SARIF schema validity.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const VULNERABLE = `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n`;

describe('CLI', () => {
  it('scans the bundled example app: text output with code frames, exit 1', () => {
    const r = run(['scan', 'examples/course-app']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^examples\/course-app\/src\/db\.js:9:35 +error +sql\/string-built-query +SQL text/m);
    assert.match(r.stdout, /^ +9 \| .*pool\.query/m);
    assert.match(r.stdout, /^ +\| +\^+/m);
    assert.match(r.stderr, /files scanned, 0 skipped, \d+ lines; \d+ findings .* files\/s, \d+ lines\/s/);
  });

  it('exits 0 when nothing is at or above --fail-on, and on an empty directory', () => {
    const dir = tmpdir({ 'a.js': VULNERABLE });
    assert.equal(run(['scan', dir, '--fail-on', 'none']).code, 0);
    assert.equal(run(['scan', dir, '--rule', 'sql/string-built-query=warning']).code, 0);
    assert.equal(run(['scan', dir, '--rule', 'sql/string-built-query=warning', '--fail-on', 'warning']).code, 1);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-empty-'));
    const r = run(['scan', empty]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^0 files scanned, 0 skipped, 0 lines; 0 findings/m);
  });

  it('answers --help and -h after any command with the usage, exit 0 (a path named -h goes after --)', () => {
    for (const args of [['--help'], ['scan', '--help'], ['posture', '-h'], ['scan', 'src', '--format', 'json', '-h']]) {
      const r = run(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage:\n {2}paved-road scan/, args.join(' '));
    }
    const dir = tmpdir({ '-h/a.js': VULNERABLE });
    const r = run(['scan', '--format', 'json', '--', '-h'], dir);
    assert.equal(r.code, 1, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string; findings: unknown[] }[] }).files;
    assert.deepEqual(
      files.map((f) => [f.path, f.findings.length > 0]),
      [['-h/a.js', true]],
    );
  });

  it('exits 2 with a one-line message on usage errors', () => {
    for (const args of [
      ['scan', '--format', 'xml'],
      ['scan', '/nonexistent/dir'],
      ['scan', '--bogus'],
      ['frobnicate'],
      ['scan', '--rule', 'nope/rule=off'],
      ['explain', 'sql/nope'],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^paved-road: /);
    }
  });

  it('respects .gitignore and default ignores (node_modules, build output, minified bundles)', () => {
    const dir = tmpdir({
      '.gitignore': 'generated/\n',
      'src/app.js': VULNERABLE,
      'generated/app.js': VULNERABLE,
      'node_modules/dep/index.js': VULNERABLE,
      'dist/app.js': VULNERABLE,
      'src/vendor.min.js': VULNERABLE,
      'src/nested/.gitignore': 'local.js\n',
      'src/nested/local.js': VULNERABLE,
    });
    const r = run(['scan', dir, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.files.map((f: { path: string }) => path.relative(dir, path.resolve(root, f.path))),
      ['src/app.js'],
    );
  });

  it('keeps going past bad input and says what it skipped', () => {
    const nested = 'const x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ';\n';
    const minified =
      'var a=' +
      JSON.stringify('x'.repeat(50)) +
      ';'.repeat(1) +
      Array.from({ length: 400 }, (_, i) => `function f${i}(a){return a+${i}}`).join(';') +
      '\n';
    const dir = tmpdir({
      'broken.js': VULNERABLE + '\nfunction (\n',
      'binary.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]),
      'latin1.js': Buffer.from('const s = "caf\xe9";\n', 'latin1'),
      'empty.ts': '',
      'bundle.js': minified.repeat(3),
      'deep.js': nested,
      'huge.js': 'const a = 1;\n'.repeat(1_700_000),
    });
    const r = run(['scan', dir, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    const reasons = Object.fromEntries(
      json.skipped.map((s: { path: string; reason: string }) => [path.basename(s.path), s.reason]),
    );
    assert.equal(reasons['binary.js'], 'binary file');
    // Not UTF-8: decoded as Latin-1 and analysed, with a note (never skipped).
    assert.equal(reasons['latin1.js'], undefined);
    const latin1 = json.files.find((f: { path: string }) => f.path.endsWith('latin1.js'));
    assert.ok(
      latin1.notes.some((n: { message: string }) => /decoded as Latin-1/.test(n.message)),
      JSON.stringify(latin1),
    );
    // Each file not analysed is a finding of its own, at error for code.
    for (const name of ['binary.js', 'bundle.js', 'huge.js']) {
      const file = json.files.find((f: { path: string }) => f.path.endsWith(name));
      assert.deepEqual(
        file?.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`),
        ['paved-road/not-analysed error'],
        name,
      );
    }
    assert.equal(reasons['bundle.js'], 'minified or generated bundle');
    assert.match(reasons['huge.js'], /^larger than 2048 KiB/);
    const broken = json.files.find((f: { path: string }) => f.path.endsWith('broken.js'));
    assert.equal(broken.findings.length, 1, 'the finding before the syntax error survives');
    assert.ok(broken.notes.some((n: { kind: string }) => n.kind === 'parse-error'));
    assert.equal(json.summary.files + json.summary.skipped, 7, 'nothing silently dropped');
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-sarif-')), 'report.sarif');
    const r = run(['scan', 'examples/course-app', '--format', 'sarif', '--output', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- SARIF is checked by the schema below
    const schema = JSON.parse(
      fs.readFileSync(path.join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema's language-tag pattern is not valid with /u
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(sarif);
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run0 = sarif.runs[0];
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'sql/string-built-query');
    assert.ok(rule.helpUri && rule.help.markdown.includes('#'));
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-89'));
    const result = run0.results[0];
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
    assert.ok(!path.isAbsolute(result.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(
      run0.results.some((x: { codeFlows?: unknown[] }) => x.codeFlows?.length),
      'data flow as codeFlows',
    );
    assert.ok(
      run0.results.some((x: { fixes?: unknown[] }) => x.fixes?.length),
      'quick fixes as fixes',
    );
  });

  it('lists and explains rules', () => {
    const list = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.ok(
      list.some((r: { id: string; cwe: string[] }) => r.id === 'sql/string-built-query' && r.cwe.includes('CWE-89')),
    );
    const doc = run(['explain', 'sql/string-built-query']);
    assert.equal(doc.code, 0);
    assert.match(doc.stdout, /^# /);
  });
});
