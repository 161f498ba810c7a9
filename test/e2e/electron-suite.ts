// Runs inside VS Code's extension host (loaded by @vscode/test-electron): waits for the diagnostic
// event rather than sleeping, then asserts on what VS Code itself holds.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // Loaded only inside VS Code, where the `vscode` module exists.
  const vscode = await import('vscode');
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const uri = vscode.Uri.file(path.join(folder, 'src', 'db.js'));
  const seen = new Promise<readonly import('vscode').Diagnostic[]>((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'paved-road');
      if (diagnostics.length) {
        sub.dispose();
        resolve(diagnostics);
      }
    });
  });
  await vscode.window.showTextDocument(uri);
  const diagnostics = await seen;
  assert.ok(
    diagnostics.some(
      (d) => d.code && String(typeof d.code === 'object' ? d.code.value : d.code) === 'sql/string-built-query',
    ),
  );
}
