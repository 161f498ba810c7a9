// "Open Course App": copy the bundled course workspace into a folder the user chooses and open it,
// so the exercises never modify the extension's own files or the user's current workspace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function openCourse(context: vscode.ExtensionContext): Promise<void> {
  const source = context.asAbsolutePath(path.join('examples', 'course'));
  if (!fs.existsSync(source)) {
    void vscode.window.showErrorMessage('The course app is not bundled with this build of Paved Road.');
    return;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Copy the course app here',
  });
  if (!picked?.[0]) return;
  const target = path.join(picked[0].fsPath, 'paved-road-course');
  if (fs.existsSync(target)) {
    const choice = await vscode.window.showWarningMessage(`${target} exists. Open it as it is?`, 'Open', 'Cancel');
    if (choice !== 'Open') return;
  } else {
    fs.cpSync(source, target, { recursive: true });
  }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), { forceNewWindow: false });
}
