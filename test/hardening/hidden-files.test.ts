// Issue 20, break 2: files that hide themselves. A file git tracks is scanned whatever .gitignore
// says (the index is read as data, git never runs in our code); a NUL byte in a comment, a Latin-1
// byte, one long line in a small file or CR-only line endings no longer skip a file, and the CLI
// and the language server agree on it; a file that is still not analysed, and a rule cut by its
// time budget, are findings of their own in every output, never a silent exit 0.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseGitIndex, readTrackedFiles } from '../../server/host/git-index';
import { compiledTwinReason } from '../../server/host/compiled-twin';
import { contentSkipReason } from '../../server/engine/coverage';
import { packageRoot } from '../../server/engine/paths';
import { startClient } from '../helpers/lsp-client';

const root = packageRoot();
const SQL = `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n`;
const SECRET = 'const stripe = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdefghijklmnop";\nmodule.exports = stripe;\n';

function tmpTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-hidden-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
const cli = (
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
/** The test itself sets up repositories with git (our code never runs it). */
const git = (cwd: string, ...args: string[]): void => {
  const r = spawnSync(
    'git',
    ['-c', 'core.hooksPath=/dev/null', '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
    { cwd, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
};
const findingsByFile = (stdout: string): Record<string, string[]> =>
  Object.fromEntries(
    (JSON.parse(stdout).files as { path: string; findings: { ruleId: string }[] }[]).map((f) => [
      f.path,
      f.findings.map((x) => x.ruleId).sort(),
    ]),
  );

describe('fail closed: files that hide themselves', function () {
  this.timeout(60000);

  it('a file git tracks is scanned whatever .gitignore says; an ignored file git does not track is not', () => {
    const dir = tmpTree({
      '.gitignore': 'dist/\n.env*\nlocal.js\n',
      'dist/config.js': SECRET,
      '.env.example': 'STRIPE_KEY=sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdefghijklmnop\n',
      'local.js': SQL,
      'dist/untracked.js': SQL,
      'src/app.js': 'exports.ok = 1;\n',
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '-f', '.gitignore', 'dist/config.js', '.env.example', 'src/app.js');
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(findingsByFile(r.stdout), {
      '.env.example': ['cred/provider-token'],
      'dist/config.js': ['cred/provider-token'],
    });
    assert.equal(JSON.parse(r.stdout).summary.files, 3, 'the tracked files, not the ignored untracked ones');
    // Every index version git writes is read (v4 compresses paths), as data.
    for (const version of ['2', '3', '4']) {
      git(dir, 'update-index', '--index-version', version);
      const tracked = readTrackedFiles(dir);
      assert.ok(!('error' in tracked), JSON.stringify(tracked));
      assert.deepEqual(
        [...tracked.files].sort(),
        ['.env.example', '.gitignore', 'dist/config.js', 'src/app.js'],
        `index v${version}`,
      );
    }
    // v3 extended flags (skip-worktree) too.
    git(dir, 'update-index', '--index-version', '3');
    git(dir, 'update-index', '--skip-worktree', 'src/app.js');
    const extended = readTrackedFiles(dir);
    assert.ok(!('error' in extended) && extended.files.has('src/app.js'));
  });

  it('a missing or corrupt index falls back to .gitignore with a note in every format; a damaged index never throws', () => {
    const dir = tmpTree({ '.gitignore': 'dist/\n', 'dist/config.js': SECRET, 'a.js': SQL, 'b.js': 'exports.b = 1;\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-f', '.');
    const index = fs.readFileSync(path.join(dir, '.git', 'index'));
    // Every truncation and a few thousand corruptions: an answer (paths or a reason), never an exception.
    for (let n = 0; n < index.length; n++) parseGitIndex(index.subarray(0, n));
    for (let i = 0; i < 3000; i++) {
      const damaged = Buffer.from(index);
      damaged[(i * 7919) % damaged.length] ^= 1 << (i % 8);
      damaged[(i * 104729) % damaged.length] = i & 0xff;
      const read = parseGitIndex(damaged);
      assert.ok('paths' in read || read.error.length > 0);
    }
    fs.writeFileSync(
      path.join(dir, '.git', 'index'),
      Buffer.from('DIRC\0\0\0\x09garbage-garbage-garbage-garbage', 'latin1'),
    );
    const text = cli(['scan', '.'], dir);
    assert.match(
      text.stdout,
      /^note: could not read which files git tracks \(.*git index version 9 is not supported.*\); \.gitignore alone decided what was scanned under \.$/m,
    );
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], dir).stdout);
    assert.match(json.notes[0], /could not read which files git tracks/);
    assert.deepEqual(Object.keys(findingsByFile(JSON.stringify(json))), ['a.js'], '.gitignore decides, as before');
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif'], dir).stdout);
    assert.ok(
      sarif.runs[0].invocations[0].toolExecutionNotifications.some(
        (n: { level: string; message: { text: string } }) =>
          n.level === 'warning' && /could not read which files git tracks/.test(n.message.text),
      ),
    );
    assert.match(
      cli(['scan', '.', '--format', 'html'], dir).stdout,
      /<p class="note">Note: could not read which files git tracks/,
    );
  });

  it('a NUL in a comment, a Latin-1 byte, a long comment line in a small file and CR-only line endings are analysed, and the CLI and the language server agree', async () => {
    const files: Record<string, Buffer> = {
      'nul.js': Buffer.from(SQL + '// a stray \0 byte\n'),
      'latin1.js': Buffer.from(SQL + '// caf\xe9 cr\xe8me\n', 'latin1'),
      'long.js': Buffer.from(SQL + '// ' + 'x'.repeat(3000) + '\n'),
      'cr.js': Buffer.from(SQL.replace(/\n/g, '\r')),
    };
    for (const [name, bytes] of Object.entries(files))
      assert.equal(contentSkipReason(bytes.toString('latin1')), undefined, name);
    const dir = tmpTree(files);
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.skipped, []);
    const cliLines: Record<string, string[]> = {};
    for (const f of json.files as {
      path: string;
      findings: { ruleId: string; start: { line: number } }[];
      notes: { message: string }[];
    }[]) {
      cliLines[f.path] = f.findings.map((x) => `${x.ruleId}@${x.start.line}`);
      if (f.path === 'latin1.js') assert.ok(f.notes.some((n) => /decoded as Latin-1/.test(n.message)));
    }
    for (const name of Object.keys(files)) assert.deepEqual(cliLines[name], ['sql/string-built-query@3'], name);
    const client = await startClient({ rootUri: pathToFileURL(dir).href });
    try {
      for (const [name, bytes] of Object.entries(files)) {
        const uri = pathToFileURL(path.join(dir, name)).href;
        const waiting = client.diagnostics(uri);
        client.open(uri, 'javascript', name === 'latin1.js' ? bytes.toString('latin1') : bytes.toString('utf8'));
        const { diagnostics } = await waiting;
        assert.deepEqual(
          diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`),
          cliLines[name],
          `${name}: the server agrees with the CLI`,
        );
      }
    } finally {
      await client.close();
    }
  });

  it('a minifier that breaks its lines every 500–1,000 characters still makes a bundle (issue 21: a vendored dat.gui.min.js); written code of the same size does not', () => {
    // Closure-style output: 82 lines of ~600 characters, 49 KiB, as a vendored dat.gui.min.js.
    const chunk = (i: number): string =>
      `dat.c${i}=function(e,a){var b=document.createElement("div");b.innerHTML=e;a.appendChild(b);return{set:function(d){b.innerHTML=d}}}();`;
    const line = (n: number): string => Array.from({ length: 5 }, (_, k) => chunk(n * 5 + k)).join('');
    const closure = Array.from({ length: 82 }, (_, n) => line(n)).join('\n') + '\n';
    assert.ok(closure.length > 32 * 1024 && line(0).length > 500 && line(0).length < 1000, 'the shape under test');
    assert.equal(contentSkipReason(closure), 'minified or generated bundle');
    // The same tokens written by hand: one statement a line (under 500), 49 KiB: analysed.
    const written = Array.from({ length: 410 }, (_, n) => chunk(n)).join('\n') + '\n';
    assert.ok(written.length > 32 * 1024);
    assert.equal(contentSkipReason(written), undefined);
    // A small file with a few long lines is never a bundle.
    assert.equal(contentSkipReason(line(0) + '\n' + line(1) + '\n'), undefined);
  });

  it("tsc's CommonJS output whose .ts source is on disk is not analysed twice (issue 21: a tracked dist/ twin of src/*.ts); the only copy, hand-written CommonJS and a bundle with a map are", () => {
    const body = `const jwt = require("jsonwebtoken");\nclass AuthMiddleware {\n    use(req, res, next) {\n        if (!req.headers.authorization) {\n            throw new common_1.HttpException('Not authorized.', common_1.HttpStatus.UNAUTHORIZED);\n        }\n        next();\n    }\n}\nexports.AuthMiddleware = AuthMiddleware;\n`;
    const prologue = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n';
    const helper =
      '"use strict";\nvar __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {\n    return 1;\n};\n';
    const ref = '//# sourceMappingURL=auth.middleware.js.map';
    const map = JSON.stringify({
      version: 3,
      file: 'auth.middleware.js',
      sourceRoot: '',
      sources: ['../../src/user/auth.middleware.ts'],
      names: [],
      mappings: ';;AAAA',
    });
    const dir = tmpTree({
      'src/user/auth.middleware.ts': 'export class AuthMiddleware {}\n',
      'js/user/auth.middleware.js': prologue + body + ref,
      'js/user/auth.middleware.js.map': map,
      'js/config.js': helper + 'exports.SECRET = "x";\n//# sourceMappingURL=config.js.map\n',
      'js/config.js.map': JSON.stringify({
        version: 3,
        file: 'config.js',
        sourceRoot: '',
        sources: ['../src/config.ts'],
        names: [],
        mappings: ';;AAAA',
      }),
    });
    const twin = path.join(dir, 'js/user/auth.middleware.js');
    assert.equal(
      compiledTwinReason(twin, prologue + body + ref),
      'compiled TypeScript output of ../../src/user/auth.middleware.ts, which is analysed instead',
    );
    assert.equal(
      compiledTwinReason(twin, helper + body + ref + '\n'),
      'compiled TypeScript output of ../../src/user/auth.middleware.ts, which is analysed instead',
    );
    assert.equal(
      compiledTwinReason(
        path.join(dir, 'js/config.js'),
        helper + 'exports.SECRET = "x";\n//# sourceMappingURL=config.js.map\n',
      ),
      undefined,
      'its source is not on disk (git-ignored): the only copy, analysed',
    );
    assert.equal(
      contentSkipReason(prologue + body + ref),
      undefined,
      "the text alone is analysed: the twin is the walk's judgement",
    );
    assert.equal(
      compiledTwinReason(twin, '"use strict";\n' + body + ref),
      undefined,
      "a map but not tsc's output (a bundler's, hand-written): analysed",
    );
    assert.equal(
      compiledTwinReason(twin, prologue + body + '//# sourceMappingURL=data:application/json;base64,eyJ2IjozfQ=='),
      undefined,
      'an inline map names no file beside it',
    );
    // The CLI reports the twin (a dist/ folder is walked only when git tracks it, so the twin sits in js/ here) as not analysed (visible), and still analyses the source and the only copy.
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], dir).stdout);
    assert.deepEqual(findingsByFile(JSON.stringify(json))['js/user/auth.middleware.js'], ['paved-road/not-analysed']);
    const twinEntry = (json.files as { path: string; findings: { ruleId: string; severity: string }[] }[]).find(
      (f) => f.path === 'js/user/auth.middleware.js',
    )!;
    assert.equal(twinEntry.findings[0].severity, 'info', 'nothing went unchecked: its source was analysed');
    assert.deepEqual(
      findingsByFile(JSON.stringify(json))['js/config.js'],
      undefined,
      'the only copy is analysed (nothing to report in it)',
    );
  });

  it('a file that is not analysed is a finding of its own in every output (error for code), and its level is a visible loosening', () => {
    const binary = Buffer.alloc(4000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 31) % 32; // control characters throughout
    const bundle = (
      'var a=1;' +
      Array.from({ length: 600 }, (_, i) => `function f${i}(a){return a+${i}}`).join(';') +
      '\n'
    ).repeat(3);
    const dir = tmpTree({ 'image.js': binary, 'bundle.js': bundle, 'ok.js': 'exports.ok = 1;\n' });
    const text = cli(['scan', '.'], dir);
    assert.equal(text.code, 1, 'not a green build');
    assert.match(
      text.stdout,
      /^bundle\.js:1:1 {2}error {4}paved-road\/not-analysed {2}not analysed: minified or generated bundle; nothing in this file was checked/m,
    );
    assert.match(text.stdout, /^image\.js:1:1 {2}error {4}paved-road\/not-analysed {2}not analysed: binary file/m);
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], dir).stdout);
    assert.deepEqual(findingsByFile(JSON.stringify(json)), {
      'bundle.js': ['paved-road/not-analysed'],
      'image.js': ['paved-road/not-analysed'],
    });
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif'], dir).stdout);
    const run = sarif.runs[0];
    assert.deepEqual(
      run.results
        .map(
          (x: {
            ruleId: string;
            level: string;
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }) => `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.artifactLocation.uri}`,
        )
        .sort(),
      ['paved-road/not-analysed error bundle.js', 'paved-road/not-analysed error image.js'],
    );
    assert.ok(
      run.tool.driver.rules.some((x: { id: string }) => x.id === 'paved-road/not-analysed'),
      'the rule is described',
    );
    assert.equal(
      run.invocations[0].toolExecutionNotifications.filter((n: { message: { text: string } }) =>
        /^skipped: /.test(n.message.text),
      ).length,
      2,
    );
    assert.match(cli(['scan', '.', '--format', 'html'], dir).stdout, /paved-road\/not-analysed.*bundle\.js/s);
    // Lowering the level is a loosening: it shows in the report's posture, and no longer fails the build.
    const lowered = cli(['scan', '.', '--not-analysed', 'warning', '--format', 'html'], dir);
    assert.equal(lowered.code, 0);
    assert.match(lowered.stdout, /paved-road\/not-analysed<\/td><td>warning<\/td>/);
  });

  it('a rule cut by its time budget keeps what it found and reports the cut as a finding: never a silent exit 0', () => {
    const dir = tmpTree({ 'clean.js': 'exports.ok = 1;\n' });
    assert.equal(cli(['scan', '.'], dir).code, 0);
    const r = cli(['scan', '.', '--format', 'json'], dir, { PAVED_ROAD_TEST_FAULTS: 'hang' });
    assert.equal(r.code, 1, 'a cut is a finding');
    const findings = JSON.parse(r.stdout).files[0].findings as { ruleId: string; severity: string; message: string }[];
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.severity}`),
      ['paved-road/analysis-incomplete error'],
    );
    assert.match(
      findings[0].message,
      /rule test\/hang took longer than \d+ ms on this file and was stopped; the rest of the file was not checked by it/,
    );
  });
});
