// The language server over stdio, driven by a real JSON-RPC client: the protocol as editors see it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  HoverRequest,
  ExecuteCommandRequest,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { packageRoot } from '../../server/engine/paths';
import { startClient, VULNERABLE, virtualUri as uri, type TestClient } from '../helpers/lsp-client';

function applyAction(text: string, action: CodeAction, version: number): string {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  assert.equal(change.textDocument.version, version, 'the edit names the version it was computed for');
  const doc = TextDocument.create('x', 'typescript', version, text);
  return TextDocument.applyEdits(doc, change.edits as { range: Diagnostic['range']; newText: string }[]);
}

describe('language server over stdio', function () {
  let client: TestClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.close();
  });

  it('publishes diagnostics on open with code, docs link, severity and data flow', async () => {
    const u = uri('open.ts');
    const waiting = client.diagnostics(u);
    client.open(u, 'typescript', VULNERABLE);
    const { diagnostics, version } = await waiting;
    assert.equal(version, 1);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(d.source, 'paved-road');
    assert.equal(d.code, 'sql/string-built-query');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription!.href, /rules\/sql\/string-built-query\/README\.md$/);
    assert.deepEqual(d.range.start, { line: 3, character: 20 }); // the query text argument
    assert.ok(
      d.relatedInformation!.some((r) => /req\.query/.test(r.message)),
      'data-flow steps travel as related information',
    );
  });

  it('updates diagnostics on change, and the quick fix removes the finding', async () => {
    const u = uri('change.ts');
    let waiting = client.diagnostics(u);
    client.open(u, 'typescript', 'export const x = 1;\n');
    assert.equal((await waiting).diagnostics.length, 0);

    waiting = client.diagnostics(u, 2);
    client.change(u, 2, VULNERABLE);
    const published = await waiting;
    assert.equal(published.diagnostics.length, 1);

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: published.diagnostics[0].range,
      context: { diagnostics: published.diagnostics },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(
      actions.some((a) => a.command?.command === 'pavedRoad.explainRule'),
      'an "explain this rule" action',
    );
    const fixed = applyAction(VULNERABLE, fix, 2);
    assert.match(fixed, /pool\.query\('SELECT \* FROM users WHERE name = \$1', \[req\.query\.name\]\)/);

    waiting = client.diagnostics(u, 3);
    client.change(u, 3, fixed);
    assert.deepEqual((await waiting).diagnostics, []);
  });

  it('a needs-review fix is preferred only as the paved road that says what it changes; a fix verification refuses is "Fix by hand", with no edit', async () => {
    const u = uri('kinds.ts');
    const waiting = client.diagnostics(u);
    client.open(u, 'typescript', VULNERABLE);
    const { diagnostics } = await waiting;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.match(
      preferred[0].title,
      /^Use a parameterized query .* — changes behaviour: each value is sent as a bound parameter/,
    );

    // A TypeScript project where the fix's import does not type-check (escape-html declared, not installed).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-lsp-kinds-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'k', dependencies: { koa: '^2.0.0', 'escape-html': '^1.0.0' } }),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'es2020', module: 'commonjs', noEmit: true } }),
    );
    const file = path.join(dir, 'koa-node.ts');
    const source = fs.readFileSync(
      path.join(packageRoot(), 'rules', 'xss', 'html-response', 'cases', 'koa-node.ts'),
      'utf8',
    );
    fs.writeFileSync(file, source);
    const fileUri = pathToFileURL(file).href;
    const published = client.diagnostics(fileUri);
    client.open(fileUri, 'typescript', source);
    const xss = (await published).diagnostics.filter((d) => d.code === 'xss/html-response');
    assert.ok(xss.length > 0);
    const offered = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: fileUri },
      range: xss[0].range,
      context: { diagnostics: [xss[0]] },
    })) as CodeAction[];
    const byHand = offered.filter((a) => a.title.startsWith('Fix by hand: Escape each interpolated part'));
    assert.equal(byHand.length, 1, offered.map((a) => a.title).join('\n'));
    assert.match(byHand[0].title, /the fixed file has a new type error: TS2307: Cannot find module 'escape-html'/);
    assert.equal(byHand[0].edit, undefined);
    assert.ok(!byHand[0].isPreferred);
    assert.equal(offered.filter((a) => a.edit && a.title.startsWith('Escape')).length, 0);
  });

  it('offers no fix for a stale diagnostic (document changed since)', async () => {
    const u = uri('stale.ts');
    let waiting = client.diagnostics(u);
    client.open(u, 'typescript', VULNERABLE);
    const first = await waiting;
    waiting = client.diagnostics(u, 2);
    client.change(u, 2, '\n' + VULNERABLE);
    await waiting;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: first.diagnostics[0].range,
      context: { diagnostics: first.diagnostics },
    })) as CodeAction[];
    assert.equal(actions.filter((a) => a.edit).length, 0);
  });

  it('shows the seatbelt table as a CodeLens above each route, with the missing control marked', async () => {
    // Not under test/fixtures/: the defaults rules are quiet in test folders.
    const u = pathToFileURL(path.join(os.tmpdir(), 'paved-road-lens', 'src', 'routes.js')).href;
    const text = [
      "const express = require('express');",
      "const rateLimit = require('express-rate-limit');",
      'const router = express.Router();',
      'const limiter = rateLimit({ max: 5 });',
      "router.post('/login', async (req, res) => { res.json(await login(req.body)); });",
      "router.post('/login/v2', limiter, async (req, res) => { res.json(await login(req.body)); });",
      "router.get('/healthz', (req, res) => res.json({ ok: true }));",
      '',
    ].join('\n');
    const waiting = client.diagnostics(u);
    client.open(u, 'javascript', text);
    const { diagnostics } = await waiting;
    assert.deepEqual(
      diagnostics.filter((d) => String(d.code).startsWith('defaults/')).map((d) => [d.code, d.range.start.line]),
      [['defaults/missing-control', 4]],
      'the login route without a limiter is the one defaults finding',
    );
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } });
    assert.ok(lenses);
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [4, 5, 6],
      'one lens per route, on its registration line',
    );
    assert.match(lenses[0].command!.title, /rate limit ✗/);
    assert.match(lenses[1].command!.title, /rate limit ✓/);
    assert.equal(lenses[2].command!.title, 'Controls: none apply (public route)');
    assert.deepEqual(
      (lenses[0].command!.arguments![0] as { missing: string[] }).missing,
      ['inputValidation', 'rateLimit', 'auditEvent'],
      'what the table marks missing travels with the lens',
    );
  });

  it('refuses a code lens request without a usable document, and answers none for an unknown one', async () => {
    await assert.rejects(
      client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'not a uri' } } as never),
      /refused/,
    );
    assert.deepEqual(
      await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('never-opened.js') } }),
      [],
    );
  });

  it('the line that builds a query offers the same fix as the line that runs it', async () => {
    const u = uri('build-line.ts');
    const text = `import { Pool } from 'pg';
const pool = new Pool();
export async function byName(req: any) {
  const sql = "SELECT * FROM users WHERE name = '" + req.query.name + "'";
  return pool.query(sql);
}
`;
    const waiting = client.diagnostics(u);
    client.open(u, 'typescript', text);
    const [d] = (await waiting).diagnostics;
    assert.equal(d.range.start.line, 4, 'the finding is where the query runs');
    assert.ok(
      d.relatedInformation!.some((r) => r.location.range.start.line === 3),
      'its data flow passes through the build line',
    );
    const ask = async (line: number, diagnostics: Diagnostic[]): Promise<CodeAction[]> =>
      (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: u },
        range: { start: { line, character: 10 }, end: { line, character: 10 } },
        context: { diagnostics },
      })) as CodeAction[];
    const atRun = (await ask(4, [d])).filter((a) => a.edit);
    // On the build line the editor sends no diagnostic (none is there): the server finds the flow.
    const atBuild = (await ask(3, [])).filter((a) => a.edit);
    assert.ok(atRun.length > 0, 'a fix where the query runs');
    assert.deepEqual(
      atBuild.map((a) => a.title),
      atRun.map((a) => a.title),
    );
    const fix = atBuild.find((a) => a.isPreferred) ?? atBuild[0];
    assert.deepEqual(
      fix.diagnostics?.map((x) => x.code),
      ['sql/string-built-query'],
      'the action names the finding it fixes',
    );
    assert.deepEqual(fix.edit, atRun.find((a) => a.title === fix.title)!.edit);
    // A line outside the flow offers nothing of Paved Road's.
    assert.deepEqual(await ask(1, []), []);
  });

  it('hover on a finding explains the rule', async () => {
    const u = uri('hover.ts');
    const waiting = client.diagnostics(u);
    client.open(u, 'typescript', VULNERABLE);
    const d: Diagnostic = (await waiting).diagnostics[0];
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: u },
      position: d.range.start,
    });
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /sql\/string-built-query/);
    assert.match(value, /parameter/i);
    // The editor shows the diagnostic's message right above the hover: the hover does not repeat it.
    assert.ok(!value.includes((d.message as string).slice(0, 40)), `hover repeats the diagnostic: ${value}`);
    // Problems shows plain text: code spans are quoted there, never raw backticks.
    for (const text of [d.message as string, ...(d.relatedInformation ?? []).map((r) => r.message)])
      assert.ok(!text.includes('`'), `raw backtick in ${text}`);
    assert.ok(
      (d.relatedInformation ?? []).some((r) => /'[^']+'/.test(r.message)),
      'code spans in the data flow are quoted',
    );
    const none = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: u },
      position: { line: 0, character: 0 },
    });
    assert.equal(none, null);
  });

  it('debounces typing: only the last of a burst of edits is published', async () => {
    const u = uri('burst.ts');
    let waiting = client.diagnostics(u);
    client.open(u, 'typescript', '');
    await waiting;
    const before = client.published.length;
    waiting = client.diagnostics(u, 11);
    for (let v = 2; v <= 11; v++) client.change(u, v, VULNERABLE.slice(0, VULNERABLE.length - (11 - v)));
    const last = await waiting;
    assert.equal(last.version, 11);
    const seen = client.published.slice(before).filter((p) => p.uri === u);
    assert.ok(seen.length <= 2, `published ${seen.length} times for 10 quick edits`);
  });

  it('survives a file that does not parse and still reports what it can', async () => {
    const u = uri('broken.ts');
    const waiting = client.diagnostics(u);
    client.open(u, 'typescript', VULNERABLE + '\nfunction broken( {\n');
    const { diagnostics } = await waiting;
    assert.equal(diagnostics.filter((d) => d.code === 'sql/string-built-query').length, 1);
  });

  it('analyses untitled documents by their language: TypeScript and a YAML compose file', async () => {
    // An unsaved document has no file name to go by: its language id must reach the analysis worker.
    const code = 'untitled:Untitled-1';
    const compose = 'untitled:Untitled-2';
    const codeDiagnostics = client.diagnostics(code);
    const composeDiagnostics = client.diagnostics(compose);
    client.open(code, 'typescript', VULNERABLE);
    client.open(
      compose,
      'dockercompose',
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
    );
    assert.deepEqual(
      (await codeDiagnostics).diagnostics.map((d) => d.code),
      ['sql/string-built-query'],
    );
    assert.deepEqual(
      (await composeDiagnostics).diagnostics.map((d) => d.code),
      ['cred/default-password'],
    );
  });

  it('answers the explain command by asking the client to show the rule doc', async () => {
    let shown = '';
    client.connection.onRequest('window/showDocument', (p: { uri: string }) => {
      shown = p.uri;
      return { success: true };
    });
    await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'pavedRoad.explainRule',
      arguments: ['sql/string-built-query'],
    });
    assert.match(shown, /rules\/sql\/string-built-query\/README\.md$/);
  });
});

describe('language server settings', () => {
  it('pulls settings per document and re-analyses when they change', async () => {
    const client = await startClient({ settings: { rules: { 'sql/string-built-query': 'warning' } } });
    try {
      const u = uri('settings.ts');
      let waiting = client.diagnostics(u);
      client.open(u, 'typescript', VULNERABLE);
      assert.equal((await waiting).diagnostics[0].severity, 2);
      waiting = client.diagnostics(u);
      client.setSettings({ rules: { 'sql/string-built-query': 'off' } });
      assert.deepEqual((await waiting).diagnostics, []);
    } finally {
      await client.close();
    }
  });
});

describe('language server training mode', () => {
  it('explains more, offers the fix only after a hint, and links to the course lesson', async () => {
    const os = await import('node:os');
    const fs = await import('node:fs');
    const course = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-course-'));
    fs.mkdirSync(path.join(course, 'lessons'));
    fs.mkdirSync(path.join(course, 'src'));
    fs.writeFileSync(path.join(course, 'lessons', 'sql.md'), '# SQL injection\n');
    const client = await startClient({ settings: { training: true } });
    try {
      const u = pathToFileURL(path.join(course, 'src', 'db.ts')).href;
      const waiting = client.diagnostics(u);
      client.open(u, 'typescript', VULNERABLE);
      const [d] = (await waiting).diagnostics;
      assert.match(String(d.message), /\n\nWhy it matters: /);
      assert.equal(d.codeDescription!.href, pathToFileURL(path.join(course, 'lessons', 'sql.md')).href);

      const ask = async () =>
        (await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: u },
          range: d.range,
          context: { diagnostics: [d] },
        })) as CodeAction[];
      const first = await ask();
      assert.equal(first.filter((a) => a.edit).length, 0, 'no fix before the hint');
      const hint = first.find((a) => a.command?.command === 'pavedRoad.showHint');
      assert.ok(hint, first.map((a) => a.title).join(', '));
      let shown = '';
      client.connection.onNotification('window/showMessage', (p: { message: string }) => {
        shown = p.message;
      });
      await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: hint.command!.command,
        arguments: hint.command!.arguments,
      });
      const second = await ask();
      assert.ok(
        second.some((a) => a.isPreferred && a.edit),
        'the paved road is offered after the hint',
      );
      assert.match(shown, /^Hint \(sql\/string-built-query\): /);
    } finally {
      await client.close();
    }
  });
});
