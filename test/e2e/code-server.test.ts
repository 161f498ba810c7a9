// The packaged extension inside a real VS Code: code-server 4.100.x (VS Code 1.100) with
// paved-road.vsix installed by `--install-extension`, driven through Debian's Chromium. Each
// scenario asserts what a user sees (squiggles, the Problems panel, hover, the light bulb, the
// status bar) against what the CLI reports for the same files, so the front doors must agree.
// A failed scenario keeps a screenshot and code-server's log in test-artifacts/.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../server/engine/edits';
import { packageRoot } from '../../server/engine/paths';
import { groupMembers, missingTools, startEditor, type Editor, type Page } from './code-server/harness';
import {
  codeLenses,
  editorText,
  goTo,
  openFile,
  squiggles,
  waitForCodeLensCount,
  waitForEditorText,
  waitForSquiggleCount,
  waitForStatus,
} from './code-server/workbench';
import { artefactDir, copyOfExampleApp, needs } from './prerequisites';
import { plainInlineCode } from '../../server/inline-code';
import { routeLensTitle } from '../../server/config/route-table';
import type { RouteControlName, RouteControlState } from '../../server/engine/types';

const root = packageRoot();
const RULE = 'sql/string-built-query';
const TRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': false, // no trust dialog over the workbench
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'workbench.tips.enabled': false,
  // The built-in TypeScript service's own suggestions (dotted hints) are not what these tests read.
  'javascript.validate.enable': false,
  'typescript.validate.enable': false,
};

interface CliFinding {
  ruleId: string;
  message: string;
  severity: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
  fixes?: {
    title: string;
    preferred?: boolean;
    edits: { span: { start: number; end: number }; newText: string; file?: string }[];
  }[];
}

function cliFindings(cwd: string, file: string, extra: string[] = []): CliFinding[] {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'scan', file, '--format', 'json', '--fail-on', 'none', ...extra],
    { cwd, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { files: { findings: CliFinding[] }[] }).files.flatMap((f) => f.findings);
}

/** Resolves with the file's text once `done(text)` holds, woken by fs.watch (no polling, no sleeps). */
function waitForFile(file: string, done: (text: string) => boolean, timeout = 30000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const text = fs.readFileSync(file, 'utf8');
      if (!done(text)) return false;
      watcher.close();
      clearTimeout(timer);
      resolve(text);
      return true;
    };
    const watcher = fs.watch(path.dirname(file), () => {
      check();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} did not change within ${timeout} ms`));
    }, timeout);
    check();
  });
}

function timed(name: string, started: number): void {
  console.log(`      ${name}: ${Date.now() - started} ms`);
}

/** A failed scenario keeps what the user would have seen, and what code-server said. */
async function keepArtefacts(editor: Editor | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (!editor || !test || test.state !== 'failed') return;
  const slug = test
    .fullTitle()
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
  const dir = artefactDir();
  await editor.page.screenshot({ path: path.join(dir, `${slug}.png`) }).catch(() => undefined);
  fs.writeFileSync(path.join(dir, `${slug}.code-server.log`), editor.log());
  console.log(`      kept test-artifacts/${slug}.png and .code-server.log`);
}

async function stopAndCheck(editor: Editor | undefined): Promise<void> {
  if (!editor) return;
  await editor.stop();
  assert.deepEqual(
    groupMembers(editor.pid),
    [],
    'code-server, its extension hosts and the language server have all exited',
  );
}

describe('VS Code (code-server) end to end: the packaged extension', function () {
  this.timeout(120000);
  let editor: Editor | undefined;
  let tmp: string;
  let app: string;
  let findings: CliFinding[];
  /** Every finding of the workspace (the status bar counts the whole workspace: issue 25). */
  let workspaceTotal: number;
  let original: string;
  const page = (): Page => editor!.page;

  before(async function () {
    needs(this, 'the code-server suite', missingTools());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-vscode-'));
    app = copyOfExampleApp(tmp);
    original = fs.readFileSync(path.join(app, 'src', 'db.js'), 'utf8');
    findings = cliFindings(app, 'src/db.js');
    workspaceTotal = cliFindings(app, '.').length;
    assert.ok(workspaceTotal > findings.length, 'other files of the workspace have findings too');
    assert.ok(
      findings.some((f) => f.ruleId === RULE && f.start.line === 9),
      'the example app still has its string-built query on line 9',
    );
    const started = Date.now();
    editor = await startEditor({ workspace: app, userSettings: TRUSTED_SETTINGS, name: 'trusted' });
    timed('code-server start + workbench', started);
  });
  afterEach(async function () {
    await keepArtefacts(editor, this.currentTest);
  });
  after(async () => {
    await stopAndCheck(editor);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('after start-up, without opening a file, the status bar and the Problems panel count the whole workspace', async () => {
    const started = Date.now();
    await waitForStatus(page(), new RegExp(`Paved Road: ${workspaceTotal}\\b`), 90000);
    await page().keyboard.press('Control+Shift+M');
    // Each problem's data-flow steps are rows too, so the panel's height holds only the first file's:
    // the file rows carry the counts, and collapsing the first shows the next (a file nobody opened).
    const fileRow = (name: string) => page().locator('.markers-panel .monaco-list-row', { hasText: name }).first();
    const scan = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none'],
      { cwd: app, encoding: 'utf8' },
    );
    const perFile = new Map(
      (JSON.parse(scan.stdout) as { files: { path: string; findings: unknown[] }[] }).files
        .filter((f) => f.findings.length)
        .map((f) => [path.basename(f.path), f.findings.length]),
    );
    assert.deepEqual([...perFile.keys()].sort(), ['db.js', 'server.ts']);
    await fileRow('db.js').waitFor({ state: 'visible' });
    await page().screenshot({ path: path.join(artefactDir(), 'workspace-problems-after-start-up.png') });
    assert.match(await fileRow('db.js').innerText(), new RegExp(`\\b${perFile.get('db.js')}\\b`));
    // The keyboard, not the mouse (a click in the tree can open a file): End focuses the last row,
    // scrolling the next file's rows into view; Home goes back.
    await page().keyboard.press('End');
    await fileRow('server.ts').waitFor({ state: 'visible' });
    assert.match(await fileRow('server.ts').innerText(), new RegExp(`\\b${perFile.get('server.ts')}\\b`));
    assert.equal(
      [...perFile.values()].reduce((a, b) => a + b, 0),
      workspaceTotal,
    );
    await page().keyboard.press('Home');
    await page().keyboard.press('Control+J');
    await page().waitForSelector('.markers-panel', { state: 'hidden' });
    timed('workspace diagnostics', started);
  });

  it('activates and draws a squiggle on exactly the range the CLI reports, for every finding', async () => {
    const started = Date.now();
    await openFile(page(), 'src/db.js');
    await waitForSquiggleCount(page(), findings.length, 90000);
    const drawn = await squiggles(page());
    assert.deepEqual(
      drawn,
      findings.map((f) => ({
        line: f.start.line,
        startCol: f.start.column,
        endCol: f.end.column,
        severity: f.severity,
      })),
    );
    await waitForStatus(page(), new RegExp(`Paved Road: ${workspaceTotal}\\b`));
    timed('squiggles', started);
  });

  it('lists each finding in the Problems panel with its rule id and position', async () => {
    const started = Date.now();
    await page().keyboard.press('Control+Shift+M');
    const rows = page().locator('.markers-panel .monaco-list-row', { hasText: 'paved-road' });
    await rows.nth(findings.length - 1).waitFor({ state: 'visible' });
    const texts = await page().locator('.markers-panel .monaco-list-row').allInnerTexts();
    for (const f of findings) {
      const position = `[Ln ${f.start.line}, Col ${f.start.column}]`;
      // Problems shows plain text: code spans quoted, no raw backticks.
      assert.ok(
        texts.some(
          (t) => t.includes(position) && t.includes(f.ruleId) && t.includes(plainInlineCode(f.message).slice(0, 40)),
        ),
        `${position} ${f.ruleId} in:\n${texts.join('\n')}`,
      );
      assert.ok(!texts.some((t) => t.includes('`')), 'no raw backticks in Problems');
    }
    await page().keyboard.press('Control+J'); // close the panel again: the editor gets its height back
    await page().waitForSelector('.markers-panel', { state: 'hidden' });
    timed('problems panel', started);
  });

  it('hover on the squiggle explains the rule', async () => {
    const started = Date.now();
    const line9 = findings.find((f) => f.start.line === 9)!;
    await goTo(page(), 9, line9.start.column + 2);
    await page().keyboard.press('Control+K');
    await page().keyboard.press('Control+I'); // Show Hover: the keyboard way to what the mouse shows
    // The hover holds the diagnostic's own part and the server's hover; wait for the latter.
    const hover = page().locator('.monaco-hover', { hasText: 'Full explanation' }).first();
    await hover.waitFor({ state: 'visible' });
    const text = await hover.innerText();
    assert.match(text, new RegExp(`${RULE}[^]*SQL injection`));
    assert.match(text, /bound parameters/i);
    assert.match(text, /Data flow/);
    // Said once: the diagnostic's message above, the explanation below, not the message again.
    const said = plainInlineCode(line9.message).slice(0, 30);
    assert.equal(text.split(said).length - 1, 1, `the message appears once in the hover:\n${text}`);
    await page().screenshot({ path: path.join(artefactDir(), 'hover-without-repetition.png') });
    await page().keyboard.press('Escape');
    timed('hover', started);
  });

  it('the line that builds a query offers the same fix as the line that runs it', async () => {
    const started = Date.now();
    const run = findings.find((f) => f.start.line === 15 && f.ruleId === RULE)!;
    const fix = run.fixes!.find((x) => x.preferred) ?? run.fixes![0];
    await goTo(page(), 14, 11); // `const sql = \`SELECT … ${term} …\``: no squiggle here
    const bulb = page().locator('.lightBulbWidget').first();
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const actions = page().locator('.action-widget .monaco-list-row');
    await actions.first().waitFor({ state: 'visible' });
    const titles = await actions.allInnerTexts();
    assert.ok(
      titles.some((t) => t.includes(fix.title)),
      `${fix.title} among:\n${titles.join('\n')}`,
    );
    await page().screenshot({ path: path.join(artefactDir(), 'fix-from-the-build-line.png') });
    await page().keyboard.press('Escape');
    // Leave the build line for one with no action, and wait for its light bulb to go: the next test's
    // bulb is then its own line's, never this one's still on screen (whose first action has the same title).
    await goTo(page(), 1, 1);
    await bulb.waitFor({ state: 'hidden' });
    timed('build-line fix', started);
  });

  it('the light bulb offers the paved road first; applying it rewrites the query and the squiggle goes', async () => {
    const started = Date.now();
    const line9 = findings.find((f) => f.start.line === 9)!;
    const fix = line9.fixes!.find((x) => x.preferred)!;
    await goTo(page(), 9, line9.start.column + 2);
    const bulb = page().locator('.lightBulbWidget').first();
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const actions = page().locator('.action-widget .monaco-list-row');
    await actions.first().waitFor({ state: 'visible' });
    const titles = await actions.allInnerTexts();
    assert.ok(
      titles.some((t) => t.includes(`Explain ${RULE}`)),
      titles.join('\n'),
    );
    // The paved road is the preferred action, so the widget focuses it first: Enter applies it.
    await page()
      .locator('.action-widget .monaco-list-row.focused', { hasText: fix.title })
      .waitFor({ state: 'visible' });
    await page().keyboard.press('Enter');
    await waitForEditorText(page(), /WHERE name = \$1', \[name\]\)/);
    const file = path.join(app, 'src', 'db.js');
    const expected = applyEdits(original, fix.edits);
    // A save truncates, then writes: wait for the whole expected text, and show the diff if it never comes.
    const saved = waitForFile(file, (text) => text === expected).catch(() => undefined);
    await page().keyboard.press('Control+S');
    await saved;
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    assert.match(
      await editorText(page()),
      /pool\.query\('SELECT id, name, role FROM users WHERE name = \$1', \[name\]\)/,
    );
    await waitForSquiggleCount(page(), findings.length - 1);
    assert.ok(!(await squiggles(page())).some((s) => s.line === 9));
    await waitForStatus(page(), new RegExp(`Paved Road: ${workspaceTotal - 1}\\b`));
    timed('quick fix', started);
  });

  it('a settings change (pavedRoad.rules: off) removes the diagnostics without a reload, and undoing it brings them back', async () => {
    const started = Date.now();
    const settings = path.join(app, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    const off = Object.fromEntries([...new Set(findings.map((f) => f.ruleId))].map((id) => [id, 'off']));
    const left = cliFindings(
      app,
      '.',
      Object.keys(off).flatMap((id) => ['--rule', `${id}=off`]),
    ).length;
    const all = cliFindings(app, '.').length;
    fs.writeFileSync(settings, JSON.stringify({ 'pavedRoad.rules': off }, null, 2));
    await waitForSquiggleCount(page(), 0);
    await waitForStatus(page(), new RegExp(`Paved Road: ${left}\\b`));
    fs.writeFileSync(settings, JSON.stringify({ 'pavedRoad.rules': {} }, null, 2));
    await waitForSquiggleCount(page(), findings.length - 1);
    await waitForStatus(page(), new RegExp(`Paved Road: ${all}\\b`));
    timed('settings change', started);
  });
  it('a team paved-road.json that loosens a rule with a reason changes diagnostics and status bar without a reload', async () => {
    const started = Date.now();
    const config = path.join(app, 'paved-road.json');
    const before = cliFindings(app, 'src/db.js');
    const beforeAll = cliFindings(app, '.').length;
    fs.writeFileSync(
      config,
      JSON.stringify(
        { rules: { [RULE]: { level: 'off', reason: 'e2e: this module only talks to a fixture database' } } },
        null,
        2,
      ),
    );
    const loosened = cliFindings(app, 'src/db.js'); // the CLI reads the same config: the editor must agree
    const loosenedAll = cliFindings(app, '.').length;
    assert.ok(loosened.length < before.length && !loosened.some((f) => f.ruleId === RULE));
    await waitForSquiggleCount(page(), loosened.length);
    await waitForStatus(page(), new RegExp(`Paved Road: ${loosenedAll}\\b.*loosened`));
    fs.rmSync(config);
    await waitForSquiggleCount(page(), before.length);
    await waitForStatus(page(), new RegExp(`Paved Road: ${beforeAll}\\b`));
    timed('paved-road.json', started);
  });
});

describe('VS Code (code-server) end to end: an untrusted workspace', function () {
  this.timeout(120000);
  let editor: Editor | undefined;
  let tmp: string;
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  };
  const declared = manifest.capabilities.untrustedWorkspaces;

  before(async function () {
    needs(this, 'the code-server suite', missingTools());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-vscode-untrusted-'));
    const app = copyOfExampleApp(tmp);
    // A hostile workspace tries to switch Paved Road off with its own settings.
    fs.mkdirSync(path.join(app, '.vscode'));
    fs.writeFileSync(
      path.join(app, '.vscode', 'settings.json'),
      JSON.stringify({ 'pavedRoad.enable': false, 'pavedRoad.rules': { [RULE]: 'off' } }),
    );
    const started = Date.now();
    editor = await startEditor({
      workspace: app,
      name: 'untrusted',
      userSettings: {
        ...TRUSTED_SETTINGS,
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never', // no dialog: the folder opens in Restricted Mode
        'security.workspace.trust.banner': 'never',
      },
    });
    timed('code-server start + workbench (untrusted)', started);
  });
  afterEach(async function () {
    await keepArtefacts(editor, this.currentTest);
  });
  after(async () => {
    await stopAndCheck(editor);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`behaves as package.json declares (untrustedWorkspaces.supported: ${JSON.stringify(declared.supported)})`, async () => {
    const started = Date.now();
    const page = editor!.page;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
    await openFile(page, 'src/db.js');
    const expected = cliFindings(path.join(tmp, 'course-app'), 'src/db.js').length;
    const expectedAll = cliFindings(path.join(tmp, 'course-app'), '.').length;
    if (declared.supported === false) {
      // Not supported: VS Code keeps the extension off; the status item never appears.
      assert.equal(await page.locator('.statusbar-item', { hasText: 'Paved Road' }).count(), 0);
    } else if (declared.supported === 'limited') {
      // Limited: the workspace's restricted settings are ignored, so it cannot switch the rule off.
      assert.ok(['pavedRoad.enable', 'pavedRoad.rules'].every((k) => declared.restrictedConfigurations?.includes(k)));
      await waitForSquiggleCount(page, expected, 90000);
      await waitForStatus(page, new RegExp(`Paved Road: ${expectedAll}\\b`));
    } else {
      // Fully supported: the workspace's settings apply as in a trusted folder.
      await waitForStatus(page, /Paved Road: 0\b/, 90000);
    }
    timed('untrusted workspace', started);
  });
});

describe('VS Code (code-server) end to end: the seatbelt table above each route (issue 26)', function () {
  this.timeout(120000);
  let editor: Editor | undefined;
  let tmp: string;
  let course: string;
  const FILE = 'src/routes/auth.js';
  let routes: { line: number; method: string; path: string; controls: Record<RouteControlName, RouteControlState> }[];

  before(async function () {
    needs(this, 'the code-server suite', missingTools());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-vscode-course-'));
    course = path.join(tmp, 'course');
    fs.cpSync(path.join(root, 'examples', 'course'), course, { recursive: true });
    const scan = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', FILE, '--format', 'json', '--fail-on', 'none'],
      { cwd: course, encoding: 'utf8' },
    );
    assert.equal(scan.status, 0, scan.stderr);
    routes = (JSON.parse(scan.stdout) as { routes: typeof routes }).routes;
    // The course's sign-in routes: a login without a rate limit, a token route without authentication,
    // a logout where no control applies; the lenses must say each of those.
    assert.ok(routes.length >= 3, `routes in ${FILE}: ${JSON.stringify(routes)}`);
    assert.ok(
      routes.some((r) => r.controls.rateLimit === 'missing') &&
        routes.some((r) => Object.values(r.controls).includes('present')),
    );
    const started = Date.now();
    // A taller window: the whole file and its lenses on screen at once, for the assertion and the screenshot.
    editor = await startEditor({
      workspace: course,
      userSettings: TRUSTED_SETTINGS,
      name: 'course',
      viewport: { width: 1400, height: 1200 },
    });
    timed('code-server start + workbench (course)', started);
  });
  afterEach(async function () {
    await keepArtefacts(editor, this.currentTest);
  });
  after(async () => {
    await stopAndCheck(editor);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("shows a CodeLens above each route with the controls it has and lacks, as the CLI's table says (screenshot kept)", async () => {
    const started = Date.now();
    const page = editor!.page;
    await openFile(page, FILE);
    await waitForCodeLensCount(page, routes.length, 90000);
    const expected = routes.map((r) => ({ line: r.line, text: routeLensTitle(r).replace(/\s+/g, ' ') }));
    assert.deepEqual(await codeLenses(page), expected);
    // The marks a reader looks for: the login route's missing rate limit, and a route where none apply.
    const login = expected.find((l) => routes.find((r) => r.line === l.line)!.path === '/login')!;
    assert.match(login.text, /rate limit ✗/);
    assert.ok(expected.some((l) => l.text === 'Controls: none apply (public route)'));
    await page.screenshot({ path: path.join(artefactDir(), 'seatbelt-codelens.png') });
    timed('seatbelt CodeLens', started);
  });
});
