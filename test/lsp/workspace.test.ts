// Workspace diagnostics: the server scans every file of the workspace in the background after
// start-up (the CLI's walk: .gitignore and the config's ignores honoured), so the editor shows the
// whole workspace without opening files: pushed to clients that only take pushes, and through LSP
// 3.17 pull (workspace/diagnostic, textDocument/diagnostic) with result ids for clients that pull,
// where a file that did not change comes back "unchanged". The Scan Workspace answer and the
// posture (the status bar) count the same findings.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DocumentDiagnosticRequest,
  WorkspaceDiagnosticRequest,
  type FullDocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { startClient, VULNERABLE, type TestClient } from '../helpers/lsp-client';

function workspaceTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-ws-'));
  const files: Record<string, string> = {
    'src/a.ts': VULNERABLE,
    'src/b.ts': VULNERABLE.replace('byName', 'byOtherName'),
    'src/clean.ts': 'export const x = 1;\n',
    'local/scratch.ts': VULNERABLE,
    '.gitignore': 'local/\n',
    'gen/out.ts': VULNERABLE,
    'paved-road.json': '{ "ignores": [{ "pattern": "gen/", "reason": "generated from the spec" }] }',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const uriOf = (dir: string, name: string): string => pathToFileURL(path.join(dir, name)).href;

describe('workspace diagnostics', function () {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('pushes the findings of files nobody opened, honouring .gitignore and the config ignores', async () => {
    const dir = workspaceTree();
    client = await startClient({ rootUri: pathToFileURL(dir).href, workspaceScan: true });
    const a = client.diagnostics(uriOf(dir, 'src/a.ts'));
    const b = client.diagnostics(uriOf(dir, 'src/b.ts'));
    assert.equal((await a).diagnostics[0]?.code, 'sql/string-built-query');
    assert.equal((await b).diagnostics.length, 1);
    await client.progressEnded();
    const uris = new Set(client.published.map((p) => p.uri));
    assert.ok(!uris.has(uriOf(dir, 'local/scratch.ts')), 'a git-ignored file is not scanned');
    assert.ok(!uris.has(uriOf(dir, 'gen/out.ts')), 'a file the config ignores is not scanned');
    // The status bar's count (the posture) and the Scan Workspace answer agree.
    const posture = await client.connection.sendRequest<{ findings: number }>('pavedRoad/posture');
    assert.equal(posture.findings, 2);
    const scan = await client.connection.sendRequest<{ files: number; findings: number }>('pavedRoad/scanWorkspace');
    assert.equal(scan.findings, posture.findings);
    assert.equal(scan.files, 4, 'three sources and the paved-road.json (config files are read for credentials)');
  });

  it('answers workspace/diagnostic with result ids: an unchanged file costs an "unchanged" report', async () => {
    const dir = workspaceTree();
    client = await startClient({ rootUri: pathToFileURL(dir).href, workspaceScan: true, pullDiagnostics: true });
    await client.progressEnded();
    assert.deepEqual(
      client.published.filter((p) => p.diagnostics.length),
      [],
      'a pulling client gets nothing pushed for closed files',
    );
    const first = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const full = first.items.filter(
      (i): i is WorkspaceDocumentDiagnosticReport & FullDocumentDiagnosticReport => i.kind === 'full',
    );
    const withFindings = full
      .filter((i) => i.items.length)
      .map((i) => i.uri)
      .sort();
    assert.deepEqual(withFindings, [uriOf(dir, 'src/a.ts'), uriOf(dir, 'src/b.ts')]);
    assert.ok(full.every((i) => typeof i.resultId === 'string'));

    const again = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, {
      previousResultIds: full.map((i) => ({ uri: i.uri, value: i.resultId! })),
    });
    assert.ok(again.items.length > 0);
    assert.deepEqual(
      again.items.filter((i) => i.kind !== 'unchanged'),
      [],
      'nothing changed, nothing resent',
    );

    // The same for one document.
    const a = uriOf(dir, 'src/a.ts');
    const doc = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: a } });
    assert.equal(doc.kind, 'full');
    const docFull = doc as FullDocumentDiagnosticReport;
    assert.equal(docFull.items[0]?.code, 'sql/string-built-query');
    const docAgain = await client.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: a },
      previousResultId: docFull.resultId,
    });
    assert.equal(docAgain.kind, 'unchanged');

    // A file changed on disk and scanned again has a new result id and its new diagnostics.
    fs.writeFileSync(path.join(dir, 'src/b.ts'), 'export const y = 2;\n');
    await client.connection.sendRequest('pavedRoad/scanWorkspace');
    const third = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, {
      previousResultIds: full.map((i) => ({ uri: i.uri, value: i.resultId! })),
    });
    const changed = third.items.filter(
      (i): i is WorkspaceDocumentDiagnosticReport & FullDocumentDiagnosticReport => i.kind === 'full',
    );
    assert.deepEqual(
      changed.map((i) => [i.uri, i.items.length]),
      [[uriOf(dir, 'src/b.ts'), 0]],
    );
  });

  it('scans again when a setting it reads changes, not for any other setting', async () => {
    const dir = workspaceTree();
    client = await startClient({ rootUri: pathToFileURL(dir).href, workspaceScan: true, settings: {} });
    await client.progressEnded(1);
    client.setSettings({ unrelated: true }); // any extension's setting reaches the server
    client.setSettings({ rules: { 'sql/string-built-query': 'off' } });
    await client.progressEnded(2);
    assert.equal(client.progressBegun(), 2, 'one scan at start-up, one for the rules change');
    const posture = await client.connection.sendRequest<{ findings: number }>('pavedRoad/posture');
    assert.equal(posture.findings, 0, 'the rescan applied the new rules');
  });

  it('scope "openFiles" scans nothing until asked', async () => {
    const dir = workspaceTree();
    client = await startClient({ rootUri: pathToFileURL(dir).href, pullDiagnostics: true }); // the helper's default: openFiles
    const report = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    assert.deepEqual(report.items, []);
    const posture = await client.connection.sendRequest<{ findings: number }>('pavedRoad/posture');
    assert.equal(posture.findings, 0);
    const scan = await client.connection.sendRequest<{ findings: number }>('pavedRoad/scanWorkspace');
    assert.equal(scan.findings, 2, 'Scan Workspace still scans when asked');
  });
});
