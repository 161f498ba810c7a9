// A hostile workspace: every file and config that a careless tool might require(), import(), evaluate
// or hand to a plugin loader writes a marker file when executed. Scanning it through the CLI and the
// language server must leave no marker. A control run first proves the bait is armed.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../server/engine/paths';
import { startClient } from '../helpers/lsp-client';
import { SCAN_REQUEST } from '../../server/lsp/server';

const root = packageRoot();

function hostileWorkspace(): { dir: string; marker: string; files: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-hostile-'));
  const marker = path.join(dir, 'PWNED');
  const write = (tag: string): string =>
    `require('fs').appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(tag + '\n')});`;
  const files: Record<string, string> = {
    'package.json': JSON.stringify(
      {
        name: 'hostile',
        version: '1.0.0',
        main: 'index.js',
        scripts: {
          preinstall: `node -e "${write('preinstall').replace(/"/g, '\\"')}"`,
          postinstall: 'node index.js',
          test: 'node index.js',
          prepare: 'node index.js',
        },
        eslintConfig: { plugins: ['pwn'] },
        'paved-road': { require: './index.js' },
      },
      null,
      2,
    ),
    'index.js': `${write('index.js')}\nmodule.exports = {};\n`,
    'src/app.js': `${write('src/app.js')}\nconst mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\nrequire('./dynamic-' + process.argv[2]);\neval("${write('eval').replace(/"/g, '\\"')}");\nnew Function(${JSON.stringify(write('new Function'))})();\n`,
    'src/types.ts': `${write('src/types.ts')}\nimport './side-effect';\nexport const x: number = 1;\nconst load = () => import('../index.js');\n`,
    'src/side-effect.ts': `${write('side-effect.ts')}\nexport {};\n`,
    'src/component.tsx': `${write('component.tsx')}\nexport const C = () => <div dangerouslySetInnerHTML={{ __html: location.hash }} />;\n`,
    'src/es.mjs': `import fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(marker)}, 'es.mjs\\n');\n`,
    'src/common.cjs': `${write('common.cjs')}\n`,
    // Configs other tools execute: Paved Road must treat each as inert text or ignore it.
    'paved-road.config.js': `${write('paved-road.config.js')}\nmodule.exports = { rules: {} };\n`,
    'paved-road.json': JSON.stringify({
      $schema: './index.js',
      extends: './index.js',
      plugins: ['./index.js'],
      rules: {},
    }),
    '.eslintrc.js': `${write('.eslintrc.js')}\nmodule.exports = {};\n`,
    'eslint.config.mjs': `import fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(marker)}, 'eslint.config.mjs\\n');\nexport default [];\n`,
    'babel.config.js': `${write('babel.config.js')}\n`,
    'tsconfig.json': JSON.stringify({ compilerOptions: { plugins: [{ name: './index.js' }] }, extends: './index.js' }),
    'jsconfig.json': JSON.stringify({ compilerOptions: { plugins: [{ name: './index.js' }] } }),
    '.vscode/settings.json': JSON.stringify({ 'typescript.tsdk': 'node_modules/typescript/lib' }),
    // A workspace copy of the libraries we resolve by name, and of our own parser's dependencies.
    'node_modules/mysql2/package.json': JSON.stringify({ name: 'mysql2', main: 'index.js' }),
    'node_modules/mysql2/index.js': `${write('node_modules/mysql2')}\n`,
    'node_modules/typescript/package.json': JSON.stringify({ name: 'typescript', main: 'lib/typescript.js' }),
    'node_modules/typescript/lib/typescript.js': `${write('node_modules/typescript')}\n`,
    'node_modules/@typescript-eslint/parser/package.json': JSON.stringify({
      name: '@typescript-eslint/parser',
      main: 'index.js',
    }),
    'node_modules/@typescript-eslint/parser/index.js': `${write('node_modules/@typescript-eslint/parser')}\n`,
    // Templates a template-engine-aware rule reads: compiling or rendering them would run the code.
    'views/page.ejs': `<%= require('fs').appendFileSync(${JSON.stringify(marker)}, 'ejs\\n') %>\n<%- user.name %>\n`,
    'views/page.pug': `- require('fs').appendFileSync(${JSON.stringify(marker)}, 'pug\\n')\np!= user.name\n`,
    'views/page.njk': `{{ range.constructor("${write('njk').replace(/"/g, '\\"')}")() }}\n{{ user.name | safe }}\n`,
    'views/page.hbs': `{{{user.name}}}\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return { dir, marker, files };
}

describe('untrusted workspace: nothing in it is executed', function () {
  let ws: ReturnType<typeof hostileWorkspace>;
  before(() => {
    ws = hostileWorkspace();
  });
  after(() => {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  });

  it("the bait is armed: running the workspace's code writes the marker", () => {
    const r = spawnSync(process.execPath, [path.join(ws.dir, 'index.js')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(ws.marker));
    fs.rmSync(ws.marker);
  });

  it('the CLI scans it in every format and runs none of it', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', format, '--fail-on', 'none'],
        { cwd: ws.dir, encoding: 'utf8' },
      );
      // Its paved-road.json names JavaScript and unknown keys: a config error (exit 2), the secure defaults apply.
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /config error: paved-road\.json:1:\d+: /);
      assert.match(r.stderr, /files scanned/);
      // It did read the files: the string-built query in src/app.js is found.
      assert.match(r.stdout, /sql\/string-built-query/, format);
    }
    assert.equal(fs.existsSync(ws.marker) ? fs.readFileSync(ws.marker, 'utf8') : '', '');
  });

  it('the language server opens every file and scans the workspace and runs none of it', async () => {
    const client = await startClient({ rootUri: pathToFileURL(ws.dir).href });
    try {
      for (const name of Object.keys(ws.files)) {
        const uri = pathToFileURL(path.join(ws.dir, name)).href;
        const ext = path.extname(name).slice(1);
        const languageId =
          {
            js: 'javascript',
            cjs: 'javascript',
            mjs: 'javascript',
            ts: 'typescript',
            tsx: 'typescriptreact',
            json: 'json',
          }[ext] ?? ext;
        const waiting = client.diagnostics(uri);
        client.open(uri, languageId, ws.files[name]);
        await waiting;
      }
      const summary = (await client.connection.sendRequest(SCAN_REQUEST)) as { files: number; findings: number };
      assert.ok(summary.files >= 5, JSON.stringify(summary));
      assert.ok(summary.findings >= 1, JSON.stringify(summary));
    } finally {
      await client.close();
    }
    assert.equal(fs.existsSync(ws.marker) ? fs.readFileSync(ws.marker, 'utf8') : '', '');
  });

  it('symbolic links out of the workspace are not followed', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-outside-'));
    try {
      fs.writeFileSync(
        path.join(outside, 'secret-query.js'),
        `const c = require('mysql2').createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM outside WHERE id = ' + req.query.id);\n`,
      );
      fs.symlinkSync(path.join(outside, 'secret-query.js'), path.join(ws.dir, 'src', 'link-to-file.js'));
      fs.symlinkSync(outside, path.join(ws.dir, 'link-to-dir'));
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none'],
        { cwd: ws.dir, encoding: 'utf8' },
      );
      assert.equal(r.status, 2, r.stderr); // the hostile paved-road.json is refused (secure defaults stay), which is exit 2
      // The links are listed as skipped (never followed); nothing behind them is read or reported.
      const report = JSON.parse(r.stdout) as {
        files: { path: string; findings: { ruleId: string; severity: string }[] }[];
        skipped: { path: string; reason: string }[];
      };
      // A link is listed (at info, as paved-road/not-analysed), never read.
      for (const f of report.files.filter((x) => /link-to-|secret-query/.test(x.path)))
        assert.deepEqual(
          f.findings.map((x) => `${x.ruleId} ${x.severity}`),
          ['paved-road/not-analysed info'],
          f.path,
        );
      for (const s of report.skipped.filter((x) => /link-to-/.test(x.path)))
        assert.equal(s.reason, 'symbolic link, not followed');
      assert.doesNotMatch(r.stdout, /secret-query|FROM outside|paved-road-outside-/);
    } finally {
      fs.rmSync(path.join(ws.dir, 'src', 'link-to-file.js'), { force: true });
      fs.rmSync(path.join(ws.dir, 'link-to-dir'), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('package.json declares untrusted-workspace support, and restricts the settings a workspace could loosen', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    // "limited": the extension runs in Restricted Mode (it executes nothing, proven above), but a
    // workspace's own .vscode/settings.json cannot switch it off or loosen rules there.
    assert.equal(untrusted.supported, 'limited');
    assert.match(untrusted.description, /never executes workspace code/);
    // Every setting is either restricted or listed here with the reason a workspace may set it.
    const harmless: Record<string, string> = {
      'pavedRoad.trace.server': 'protocol tracing only',
      'pavedRoad.debounceMs': 'latency only, bounded by the schema',
      'pavedRoad.training': 'changes wording and when the fix is shown, never what is flagged',
    };
    for (const key of Object.keys(pkg.contributes.configuration.properties)) {
      assert.ok(
        untrusted.restrictedConfigurations.includes(key) !== key in harmless,
        `${key}: add it to capabilities.untrustedWorkspaces.restrictedConfigurations if a hostile workspace could use it to loosen the policy, else to the harmless list here with a reason`,
      );
    }
    for (const key of ['pavedRoad.enable', 'pavedRoad.rules', 'pavedRoad.maxFileSizeKb'])
      assert.ok(untrusted.restrictedConfigurations.includes(key), key);
  });
});
