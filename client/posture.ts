// The posture in the status bar (the seatbelt chime): findings, and how many rules are loosened
// or findings suppressed; a warning background while anything is loosened or a config is broken.
// Clicking opens the posture summary: each loosening with its reason and the risk it accepts.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderExplainHtml } from './explain-html';
import { panelShowing, sharedPanel } from './panel';
import type { PostureResponse } from '../server/lsp/policy';

export const SHOW_POSTURE = 'pavedRoad.showPosture';
const POSTURE_REQUEST = 'pavedRoad/posture';

export function postureStatus(getClient: () => LanguageClient | undefined): vscode.Disposable[] {
  const status = vscode.window.createStatusBarItem('pavedRoad.posture', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Paved Road posture';
  status.command = SHOW_POSTURE;
  status.text = '$(shield) Paved Road';
  status.show();
  let timer: NodeJS.Timeout | undefined;

  const update = async (): Promise<void> => {
    const client = getClient();
    if (!client?.isRunning()) return;
    const p = await client.sendRequest<PostureResponse>(POSTURE_REQUEST).catch(() => undefined);
    if (!p) return;
    const loosened = p.loosened + p.suppressed;
    status.text = `$(shield) Paved Road: ${p.findings}${loosened ? ` $(unlock) ${p.loosened} loosened · ${p.suppressed} suppressed` : ''}${p.configErrors ? ' $(error) config' : ''}`;
    status.tooltip = `Paved Road posture: ${p.line}. Click for the posture summary.`;
    status.backgroundColor = p.configErrors
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : loosened
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    const panel = panelShowing('posture');
    if (panel) render(panel, p);
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 250);
  };

  return [
    status,
    vscode.languages.onDidChangeDiagnostics(schedule),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('pavedRoad')) schedule();
    }),
    vscode.commands.registerCommand(SHOW_POSTURE, async () => {
      const p = await getClient()
        ?.sendRequest<PostureResponse>(POSTURE_REQUEST)
        .catch(() => undefined);
      if (!p) return;
      render(sharedPanel('posture', 'Paved Road posture'), p);
    }),
    { dispose: () => clearTimeout(timer) },
  ];
}

function render(view: vscode.WebviewPanel, p: PostureResponse): void {
  view.webview.html = renderExplainHtml(p.markdown, {
    cspSource: view.webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
  });
}
