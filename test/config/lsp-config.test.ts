// Team configs in the editor, over the real protocol: config errors on the config's own line with
// the secure default still in force, changes on disk taking effect without a reload, the
// "suppress with a reason" action, baselines, and the posture the status bar shows.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../server/engine/paths';
import { startClient, type TestClient } from '../helpers/lsp-client';
import { tmpTree } from './load.test';

const RULE = 'sql/string-built-query';
const APP = `const mysql = require('mysql2');
const c = mysql.createConnection({});
exports.a = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);
`;

describe('team configs in the language server', function () {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('a broken config: error on its line, the secure default stays; fixing it on disk takes effect without a reload', async () => {
    const dir = tmpTree({ 'paved-road.json': `{\n  "rules": {\n    "${RULE}": "off"\n  }\n}\n`, 'src/app.js': APP });
    const configUri = pathToFileURL(path.join(dir, 'paved-road.json')).href;
    const appUri = pathToFileURL(path.join(dir, 'src/app.js')).href;
    client = await startClient({ rootUri: pathToFileURL(dir).href });
    const configDiagnostics = client.diagnostics(configUri);
    let app = client.diagnostics(appUri);
    client.open(appUri, 'javascript', APP);
    const [onConfig, onApp] = await Promise.all([configDiagnostics, app]);
    assert.equal(onConfig.diagnostics.length, 1);
    assert.equal(onConfig.diagnostics[0].severity, 1);
    assert.equal(onConfig.diagnostics[0].range.start.line, 2, 'the line of the loosening');
    assert.match(String(onConfig.diagnostics[0].message), /needs a reason/);
    assert.deepEqual(
      onApp.diagnostics.map((d) => d.severity),
      [1],
      'the rule still reports at error',
    );

    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      `{ "rules": { "${RULE}": { "level": "warning", "reason": "legacy module, SEC-142" } } }`,
    );
    const cleared = client.diagnostics(configUri);
    app = client.diagnostics(appUri);
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: configUri, type: FileChangeType.Changed }],
    });
    assert.deepEqual((await cleared).diagnostics, []);
    assert.deepEqual(
      (await app).diagnostics.map((d) => d.severity),
      [2],
      'the loosening with a reason applies',
    );

    const posture = (await client.connection.sendRequest('pavedRoad/posture')) as {
      line: string;
      loosened: number;
      markdown: string;
    };
    assert.equal(posture.loosened, 1);
    assert.match(posture.line, /^1 finding, 1 loosened, 0 suppressed/);
    assert.match(posture.markdown, /\*\*Reason given:\*\* legacy module, SEC-142/);
    assert.match(posture.markdown, /\*\*Risk accepted:\*\* Turning this rule off or down/);
  });

  for (const snippetEdits of [true, false]) {
    it(`"suppress with a reason" inserts the comment above the line (${snippetEdits ? 'snippet, cursor on the reason' : 'no snippets: empty reason, reported until written'})`, async () => {
      const dir = tmpTree({ 'app.js': APP });
      const uri = pathToFileURL(path.join(dir, 'app.js')).href;
      client = await startClient({ rootUri: pathToFileURL(dir).href, snippetEdits });
      const waiting = client.diagnostics(uri);
      client.open(uri, 'javascript', APP);
      const { diagnostics } = await waiting;
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics },
      })) as CodeAction[];
      const suppress = actions.find((a) =>
        /^Suppress sql\/string-built-query on this line, with a reason/.test(a.title),
      );
      assert.ok(suppress, actions.map((a) => a.title).join(', '));
      const edit = (suppress.edit!.documentChanges![0] as TextDocumentEdit).edits[0] as {
        range: Diagnostic['range'];
        newText?: string;
        snippet?: { value: string };
      };
      assert.deepEqual(edit.range.start, { line: 2, character: 0 });
      if (snippetEdits) {
        assert.equal(edit.snippet!.value, `// paved-road-ignore-next-line ${RULE} -- $0\n`);
        return;
      }
      const after = TextDocument.applyEdits(TextDocument.create(uri, 'javascript', 1, APP), [
        edit as { range: Diagnostic['range']; newText: string },
      ]);
      const next = client.diagnostics(uri, 2);
      client.change(uri, 2, after);
      const published = (await next).diagnostics;
      assert.deepEqual(
        published.map((d) => String(d.code)).sort(),
        [RULE, 'suppression'],
        'without a reason nothing is suppressed, and the comment is flagged',
      );
      const withReason = after.replace(' -- ', ' -- the id is an integer checked by the router');
      const third = client.diagnostics(uri, 3);
      client.change(uri, 3, withReason);
      assert.deepEqual((await third).diagnostics, []);
      const posture = (await client.connection.sendRequest('pavedRoad/posture')) as {
        suppressed: number;
        markdown: string;
      };
      assert.equal(posture.suppressed, 1);
      assert.match(posture.markdown, /the id is an integer checked by the router/);
    });
  }

  it('honours a baseline named by the config, and config ignores', async () => {
    const dir = tmpTree({
      'src/app.js': APP,
      'gen/app.js': APP,
      'paved-road.json': '{ "ignores": [{ "pattern": "gen/", "reason": "generated" }] }',
    });
    const w = spawnSync(
      process.execPath,
      [path.join(packageRoot(), 'dist', 'cli.js'), 'scan', 'src', '--write-baseline', 'baseline.json'],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(w.status, 0, w.stderr);
    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      '{ "ignores": [{ "pattern": "gen/", "reason": "generated" }], "baseline": { "file": "baseline.json", "reason": "accepted before the audit" } }',
    );
    client = await startClient({ rootUri: pathToFileURL(dir).href });
    const appUri = pathToFileURL(path.join(dir, 'src/app.js')).href;
    const genUri = pathToFileURL(path.join(dir, 'gen/app.js')).href;
    const a = client.diagnostics(appUri);
    const g = client.diagnostics(genUri);
    client.open(
      appUri,
      'javascript',
      `// moved down\n${APP}exports.b = (req) => c.query('SELECT * FROM u WHERE id = ' + req.query.id);\n`,
    );
    client.open(genUri, 'javascript', APP);
    assert.deepEqual(
      (await a).diagnostics.map((d) => d.range.start.line),
      [4],
      'only the new finding',
    );
    assert.deepEqual((await g).diagnostics, []);
    const posture = (await client.connection.sendRequest('pavedRoad/posture')) as { baselined: number };
    assert.equal(posture.baselined, 1);
  });
});
