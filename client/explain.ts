// The explain view: a webview that shows a rule's bundled README, scrolled to the section about
// the library the finding is about. One panel, reused.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderExplainHtml } from './explain-html';

const RULE_ID = /^[a-z]+\/[a-z0-9-]+$/;
let panel: vscode.WebviewPanel | undefined;

export function ruleIds(context: vscode.ExtensionContext): string[] {
  const rulesDir = context.asAbsolutePath('rules');
  return fs.readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((c) => fs.readdirSync(path.join(rulesDir, c.name)).filter((r) => fs.existsSync(path.join(rulesDir, c.name, r, 'README.md'))).map((r) => `${c.name}/${r}`))
    .sort();
}

export async function explain(context: vscode.ExtensionContext, ruleId?: string, section?: string, lesson?: string): Promise<void> {
  if (!ruleId) {
    ruleId = await vscode.window.showQuickPick(ruleIds(context), { placeHolder: 'Which rule?' });
    if (!ruleId) return;
  }
  if (!RULE_ID.test(ruleId)) return; // never a path from outside
  const file = context.asAbsolutePath(path.join('rules', ruleId, 'README.md'));
  if (!fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`Paved Road has no rule ${ruleId}.`);
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel('pavedRoad.explain', `Explain ${ruleId}`, vscode.ViewColumn.Beside, {
      enableScripts: true, // only the nonce'd scroll script can run (CSP)
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => { panel = undefined; });
  }
  panel.title = `Explain ${ruleId}`;
  panel.webview.html = renderExplainHtml(fs.readFileSync(file, 'utf8'), {
    cspSource: panel.webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    section,
    links: lesson ? [{ label: 'Open the lesson for this exercise', href: lesson }] : [],
  });
  panel.reveal(vscode.ViewColumn.Beside, true);
}
