// The explain view: a webview that shows a rule's bundled README, scrolled to the section about
// the library the finding is about. One panel (panel.ts), shared with the posture and reused.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderExplainHtml } from './explain-html';
import { sharedPanel } from './panel';
import { FAMILIES } from '../server/engine/families';

const RULE_ID = /^[a-z]+\/[a-z0-9-]+$/;

export function ruleIds(context: vscode.ExtensionContext): string[] {
  const rulesDir = context.asAbsolutePath('rules');
  return fs
    .readdirSync(rulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((c) =>
      fs
        .readdirSync(path.join(rulesDir, c.name))
        .filter((r) => fs.existsSync(path.join(rulesDir, c.name, r, 'README.md')))
        .map((r) => `${c.name}/${r}`),
    )
    .sort();
}

/** The picker's items: each rule's title (from its README's first line) under its category. */
function ruleItems(context: vscode.ExtensionContext): (vscode.QuickPickItem & { ruleId?: string })[] {
  const items: (vscode.QuickPickItem & { ruleId?: string })[] = [];
  let category = '';
  for (const id of ruleIds(context)) {
    const family = id.split('/')[0];
    if (family !== category) {
      category = family;
      items.push({
        label: FAMILIES.find((f) => f.id === family)?.label ?? family,
        kind: vscode.QuickPickItemKind.Separator,
      });
    }
    const first = fs
      .readFileSync(context.asAbsolutePath(path.join('rules', id, 'README.md')), 'utf8')
      .split('\n', 1)[0];
    const title = /^#\s+\S+\s+[—-]\s+(.+?)\s*$/.exec(first)?.[1] ?? id;
    items.push({ label: title, description: id, ruleId: id });
  }
  return items;
}

export async function explain(
  context: vscode.ExtensionContext,
  ruleId?: string,
  section?: string,
  lesson?: string,
): Promise<void> {
  if (!ruleId) {
    ruleId = (
      await vscode.window.showQuickPick(ruleItems(context), { placeHolder: 'Which rule?', matchOnDescription: true })
    )?.ruleId;
    if (!ruleId) return;
  }
  if (!RULE_ID.test(ruleId)) return; // never a path from outside
  const file = context.asAbsolutePath(path.join('rules', ruleId, 'README.md'));
  if (!fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`Paved Road has no rule ${ruleId}.`);
    return;
  }
  const panel = sharedPanel('explain', `Explain ${ruleId}`);
  panel.webview.html = renderExplainHtml(fs.readFileSync(file, 'utf8'), {
    cspSource: panel.webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    section,
    links: lesson ? [{ label: 'Open the lesson for this exercise', href: lesson }] : [],
  });
}
