// One webview panel for everything Paved Road shows beside the code (Explain Rule, the posture):
// created once, then reused in the editor group it is in, so repeated use never opens another column
// and squeezes the code (issue 25). Scripts are enabled for the explain view's one nonce'd scroll
// script only; the content security policy of each page decides what may run.

import * as vscode from 'vscode';

let panel: vscode.WebviewPanel | undefined;
let owner: string | undefined;

/** The shared panel, showing `title`; created beside the code the first time, then revealed where it is. */
export function sharedPanel(view: string, title: string): vscode.WebviewPanel {
  if (!panel) {
    panel = vscode.window.createWebviewPanel(
      'pavedRoad.view',
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true, // only a nonce'd script can run (each page's CSP)
        enableCommandUris: false,
        localResourceRoots: [],
      },
    );
    panel.onDidDispose(() => {
      panel = undefined;
      owner = undefined;
    });
  }
  owner = view;
  panel.title = title;
  // No column: stay in the group it is in (revealing "beside" again would open a new group).
  panel.reveal(undefined, true);
  return panel;
}

/** The panel if it currently shows `view` (for live updates), else undefined. */
export function panelShowing(view: string): vscode.WebviewPanel | undefined {
  return owner === view ? panel : undefined;
}
