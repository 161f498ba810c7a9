// Reading and driving VS Code's workbench through the DOM, the way a user sees it. Selectors are
// VS Code 1.100's (code-server 4.100.x); each helper waits on a selector or a condition.

import type { Page } from './harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
// Browser globals for the functions that run in the page: the project compiles without the DOM lib
// (so server code cannot use it by accident); these declarations stay local to this module.
declare const document: any;
declare const NodeFilter: any;

export interface Squiggle {
  line: number;
  startCol: number;
  endCol: number;
  severity: 'error' | 'warning' | 'info';
}

/** Opens a workspace file by quick open (Ctrl+P), as a user would, and waits for its editor. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .first()
    .click({ timeout: 10000 })
    .catch(() => undefined);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
  await page.keyboard.type(relativePath);
  const base = relativePath.split('/').pop()!;
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible' });
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line');
}

/** Runs a command from the command palette by its label. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
}

/** Puts the cursor at 1-based line:column with "Go to Line" (Ctrl+G). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
  await page
    .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
    .first()
    .waitFor({ state: 'visible' });
}

/**
 * The squiggles of the active editor, as 1-based line and [start, end) columns, worked out from
 * where they are drawn: each squiggle is matched to the characters under it on its rendered line.
 */
export function squiggles(page: Page): Promise<Squiggle[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return [];
    const result: { line: number; startCol: number; endCol: number; severity: 'error' | 'warning' | 'info' }[] = [];
    const byTop = (selector: string, top: string): any =>
      ([...editor.querySelectorAll(selector)] as any[]).find((e) => e.style.top === top);
    for (const squiggle of editor.querySelectorAll(
      '.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info',
    )) {
      const top = squiggle.parentElement.style.top;
      const viewLine = byTop('.view-lines > .view-line', top);
      const lineNumber = byTop('.margin-view-overlays > div', top)?.querySelector('.line-numbers')?.textContent?.trim();
      if (!viewLine || !lineNumber) continue;
      const box = squiggle.getBoundingClientRect();
      const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let column = 1,
        startCol = -1,
        endCol = -1;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++, column++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          if (startCol < 0 && Math.abs(r.left - box.left) < 1.5) startCol = column;
          if (Math.abs(r.right - box.right) < 1.5) endCol = column + 1;
        }
      }
      const severity = squiggle.classList.contains('squiggly-error')
        ? 'error'
        : squiggle.classList.contains('squiggly-warning')
          ? 'warning'
          : 'info';
      result.push({ line: Number(lineNumber), startCol, endCol, severity });
    }
    return result.sort((a, b) => a.line - b.line || a.startCol - b.startCol);
  }, undefined);
}

/** Waits until the active editor shows exactly `count` squiggles. */
export async function waitForSquiggleCount(page: Page, count: number, timeout = 60000): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll(
        ['error', 'warning', 'info']
          .map((k) => `.editor-instance .monaco-editor .view-overlays .squiggly-${k}`)
          .join(', '),
      ).length === n,
    count,
    { timeout },
  );
}

/** The Paved Road status bar item's text, e.g. "Paved Road: 4". */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('.statusbar-item', { hasText: 'Paved Road' }).first().innerText()).trim();
}

export async function waitForStatus(page: Page, text: RegExp, timeout = 60000): Promise<void> {
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** The text of the active editor's model as rendered (every line is rendered for these small files). */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      ([...document.querySelectorAll('.editor-instance .monaco-editor .view-lines > .view-line')] as any[])
        .map((l) => ({ top: parseFloat(l.style.top), text: String(l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'),
    undefined,
  );
}

/** Waits until the active editor's rendered text matches `pattern` (a RegExp source). */
export async function waitForEditorText(page: Page, pattern: RegExp, timeout = 30000): Promise<void> {
  await page.waitForFunction(
    (source) =>
      new RegExp(source).test(
        String(document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').replace(
          /\u00a0/g,
          ' ',
        ),
      ),
    pattern.source,
    { timeout },
  );
}

export interface Lens {
  line: number;
  text: string;
}

/**
 * The CodeLenses the active editor shows, each with the 1-based line it sits above (worked out from
 * where it is drawn: the first line number below it) and its text, whitespace collapsed.
 */
export function codeLenses(page: Page): Promise<Lens[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return [];
    const numbers = ([...editor.querySelectorAll('.margin-view-overlays .line-numbers')] as any[])
      .map((e) => ({ line: Number(String(e.textContent).trim()), top: e.getBoundingClientRect().top as number }))
      .sort((a, b) => a.top - b.top);
    return ([...editor.querySelectorAll('.codelens-decoration')] as any[])
      .map((d) => {
        const bottom = d.getBoundingClientRect().bottom as number;
        const below = numbers.find((n) => n.top >= bottom - 2);
        return {
          line: below ? below.line : -1,
          text: String(d.textContent ?? '')
            .replace(/[\s\u00a0]+/g, ' ')
            .trim(),
        };
      })
      .sort((a, b) => a.line - b.line);
  }, undefined);
}

/** Waits until the active editor shows exactly `count` CodeLenses, each with its text (a lens is drawn empty, then filled). */
export async function waitForCodeLensCount(page: Page, count: number, timeout = 60000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const lenses = [...document.querySelectorAll('.editor-instance .monaco-editor .codelens-decoration')] as any[];
      return lenses.length === n && lenses.every((l) => String(l.textContent ?? '').trim().length > 0);
    },
    count,
    { timeout },
  );
}
