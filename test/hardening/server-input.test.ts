// The language server checks every URI and text the editor relays (server/lsp/input.ts), through the
// real server over stdio. Before, `didOpen` with a `file://host/share/…` URI (fileURLToPath throws on
// POSIX) or with `text: null` was an unhandled rejection: the server exited 70, the client restarted
// it, the editor re-sent the same document, and after 4 restarts it stopped protecting.

import * as assert from 'node:assert/strict';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  HoverRequest,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { didChangeProblem, didOpenProblem, uriProblem } from '../../server/lsp/input';
import { POSTURE_REQUEST } from '../../server/lsp/policy';
import { startClient, virtualUri, VULNERABLE, type TestClient } from '../helpers/lsp-client';

/** Sends raw params (the protocol types would not let a test send them) as the named notification. */
function notify(client: TestClient, method: string, params: unknown): void {
  void client.connection.sendNotification(method, params as object);
}

describe('the language server refuses bad input and stays up', function () {
  this.timeout(60000);

  it('refuses a UNC file URI, a null text and every other malformed document notification, logs each, and keeps analysing', async () => {
    const client = await startClient({ rootUri: 'file://fileserver/share/project' });
    try {
      const open = DidOpenTextDocumentNotification.method;
      const bad: [string, unknown][] = [
        [
          open,
          { textDocument: { uri: 'file://host/share/a.ts', languageId: 'typescript', version: 1, text: VULNERABLE } },
        ],
        [open, { textDocument: { uri: virtualUri('null-text.ts'), languageId: 'typescript', version: 1, text: null } }],
        [
          open,
          {
            textDocument: {
              uri: virtualUri('no-version.ts'),
              languageId: 'typescript',
              version: 'one',
              text: VULNERABLE,
            },
          },
        ],
        [open, { textDocument: { uri: 42, languageId: 'typescript', version: 1, text: VULNERABLE } }],
        [
          open,
          { textDocument: { uri: 'file:///tmp/a%00b.ts', languageId: 'typescript', version: 1, text: VULNERABLE } },
        ],
        [open, { textDocument: { uri: 'not a uri', languageId: 'typescript', version: 1, text: VULNERABLE } }],
        [open, { textDocument: null }],
        [open, null],
        [
          DidChangeTextDocumentNotification.method,
          { textDocument: { uri: 'file://host/share/a.ts', version: 2 }, contentChanges: [{ text: 'x' }] },
        ],
        [
          DidChangeTextDocumentNotification.method,
          { textDocument: { uri: virtualUri('ok.ts'), version: 2 }, contentChanges: [{ text: null }] },
        ],
        [
          DidChangeTextDocumentNotification.method,
          {
            textDocument: { uri: virtualUri('ok.ts'), version: 2 },
            contentChanges: [{ text: 'x', range: { start: { line: -1, character: 0 }, end: null } }],
          },
        ],
        [
          DidChangeTextDocumentNotification.method,
          { textDocument: { uri: virtualUri('ok.ts'), version: 2 }, contentChanges: null },
        ],
        [DidCloseTextDocumentNotification.method, { textDocument: { uri: 'file://host/share/a.ts' } }],
        [DidSaveTextDocumentNotification.method, { textDocument: { uri: null } }],
      ];
      for (const [method, params] of bad) notify(client, method, params);

      // A good document opened after all of that is analysed by the same, living server.
      const uri = virtualUri('after-bad-input.ts');
      const published = client.diagnostics(uri);
      client.open(uri, 'typescript', VULNERABLE);
      const diagnostics = await published;
      assert.deepEqual(
        diagnostics.diagnostics.map((d) => d.code),
        ['sql/string-built-query'],
      );
      assert.equal(client.process.exitCode, null, client.stderr());
      assert.doesNotMatch(client.stderr(), /crashed/);

      // Every refusal was logged, naming the problem; the posture still answers (the UNC root was left out).
      const refusals = client.logs.filter((l) => / refused: /.test(l));
      assert.equal(refusals.filter((l) => l.includes('textDocument/did')).length, bad.length, refusals.join('\n'));
      assert.ok(
        refusals.some(
          (l) => /didOpen refused: the file URI names no local path/.test(l) && l.includes('file://host/share/a.ts'),
        ),
      );
      assert.ok(refusals.some((l) => /didOpen refused: text is null, not a string/.test(l)));
      assert.ok(refusals.some((l) => /workspace folder refused: the file URI names no local path/.test(l)));
      const posture = (await client.connection.sendRequest(POSTURE_REQUEST)) as { findings?: unknown };
      assert.ok(posture && typeof posture === 'object');
    } finally {
      await client.close();
    }
  });

  it('answers a hover or code action with bad parameters with an InvalidParams error, not a crash', async () => {
    const client = await startClient();
    try {
      const refused = async (method: string, params: unknown): Promise<ResponseError<unknown>> => {
        try {
          await client.connection.sendRequest(method, params as object);
        } catch (error) {
          assert.ok(error instanceof ResponseError, String(error));
          return error;
        }
        assert.fail(`${method} was answered`);
      };
      const hover = await refused(HoverRequest.method, {
        textDocument: { uri: 'file://host/share/a.ts' },
        position: { line: 0, character: 0 },
      });
      assert.equal(hover.code, -32602);
      assert.match(hover.message, /textDocument\/hover refused: the file URI names no local path/);
      const noPosition = await refused(HoverRequest.method, {
        textDocument: { uri: virtualUri('a.ts') },
        position: null,
      });
      assert.match(noPosition.message, /position is missing/);
      const action = await refused(CodeActionRequest.method, {
        textDocument: { uri: virtualUri('a.ts') },
        range: { start: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      assert.equal(action.code, -32602);
      assert.match(action.message, /range\.end is missing/);
      assert.equal(client.process.exitCode, null, client.stderr());
    } finally {
      await client.close();
    }
  });

  it('the checks: what a URI, a didOpen and a didChange must be', () => {
    assert.equal(uriProblem('file:///home/me/a.ts'), undefined);
    assert.equal(uriProblem('file://localhost/home/me/a.ts'), undefined);
    assert.equal(uriProblem('untitled:Untitled-1'), undefined);
    assert.match(uriProblem('file://host/share/a.ts')!, /names no local path/);
    assert.match(uriProblem('x'.repeat(9000))!, /9000 characters/);
    assert.match(uriProblem(undefined)!, /undefined, not a string/);
    assert.equal(
      didOpenProblem({ textDocument: { uri: 'file:///a.ts', languageId: 'typescript', version: 0, text: '' } }),
      undefined,
    );
    assert.match(
      didOpenProblem({ textDocument: { uri: 'file:///a.ts', languageId: 'typescript', version: 1.5, text: '' } })!,
      /version is not an integer/,
    );
    assert.equal(
      didChangeProblem({
        textDocument: { uri: 'file:///a.ts', version: 3 },
        contentChanges: [{ text: 'a', range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } } }],
      }),
      undefined,
    );
  });
});
