// Starts a real VS Code (code-server 4.100.x: the workbench served to a browser, the extension host
// on Node) with the packaged vsix installed into a fresh extensions dir, and drives it through
// Debian's Chromium with playwright-core. Both tools live in .e2e/ (scripts/e2e-setup.sh), outside
// the extension's dependencies, so they are loaded by path and typed here by the little we use.
// Every wait is on a selector, an event or a process exit; nothing sleeps.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../../server/engine/paths';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// The slice of playwright-core's API the suites use (its own types are not installed at compile time).
export interface Locator {
  count(): Promise<number>;
  first(): Locator;
  nth(i: number): Locator;
  click(options?: { timeout?: number; button?: 'left' | 'right' }): Promise<void>;
  hover(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  innerText(options?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
}
export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  waitForSelector(
    selector: string,
    options?: { timeout?: number; state?: 'attached' | 'detached' | 'visible' | 'hidden' },
  ): Promise<unknown>;
  waitForFunction<A>(
    fn: (arg: A) => unknown,
    arg: A,
    options?: { timeout?: number; polling?: number | 'raf' },
  ): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
    insertText(text: string): Promise<void>;
  };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(
    event: 'console' | 'pageerror',
    listener: (m: { type?(): string; text?(): string; message?: string }) => void,
  ): void;
  close(): Promise<void>;
}
interface BrowserContext {
  newPage(): Promise<Page>;
  pages(): Page[];
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      headless: boolean;
      args: string[];
      viewport: { width: number; height: number };
      timeout?: number;
    },
  ): Promise<BrowserContext>;
}

const root = packageRoot();
export const e2eDir = path.join(root, '.e2e');
export const codeServerBin = path.join(e2eDir, 'node_modules', '.bin', 'code-server');
/** This platform's package when `npm run package` built it (with the native parser), else the universal one. */
const platformVsix = path.join(root, `paved-road-${process.platform}-${process.arch}.vsix`);
export const vsixPath = fs.existsSync(platformVsix) ? platformVsix : path.join(root, 'paved-road.vsix');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the code-server suites cannot run here, or undefined when everything is in place. */
export function missingTools(): string | undefined {
  if (!fs.existsSync(codeServerBin)) return `code-server is not installed in .e2e/ (run scripts/e2e-setup.sh)`;
  if (!fs.existsSync(path.join(e2eDir, 'node_modules', 'playwright-core')))
    return 'playwright-core is not installed in .e2e/ (run scripts/e2e-setup.sh)';
  if (!fs.existsSync(chromiumPath))
    return `no Chromium at ${chromiumPath} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`;
  if (!fs.existsSync(vsixPath))
    return 'paved-road.vsix is missing (npm run package, or npm run test:e2e which packages first)';
  const stale = newestSource();
  if (stale && fs.statSync(vsixPath).mtimeMs < stale.mtime) {
    return `paved-road.vsix is older than ${path.relative(root, stale.file)} (npm run package, or npm run test:e2e which packages first)`;
  }
  return undefined;
}

function newestSource(): { file: string; mtime: number } | undefined {
  let best: { file: string; mtime: number } | undefined;
  const stack = ['client', 'server', 'rules', 'package.json'].map((p) => path.join(root, p));
  while (stack.length) {
    const p = stack.pop()!;
    if (!fs.existsSync(p)) continue;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== 'cases') stack.push(path.join(p, e));
      continue;
    }
    if (!best || st.mtimeMs > best.mtime) best = { file: p, mtime: st.mtimeMs };
  }
  return best;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Editor {
  page: Page;
  url: string;
  /** code-server's pid, also its process group id. */
  pid: number;
  workspace: string;
  /** Everything code-server printed, for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A folder to open; it is used as is (copy it first if the test edits it). */
  workspace: string;
  /** User settings.json (the workbench reads it before the extension activates). */
  userSettings: Record<string, unknown>;
  /** A tag for temp dir names and artefacts. */
  name: string;
  /** The browser window's size in CSS pixels (1400×900 unless said). */
  viewport?: { width: number; height: number };
}

/** Starts code-server with the vsix in a fresh profile, opens the workspace in Chromium, waits for the workbench. */
export async function startEditor(options: StartOptions): Promise<Editor> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `paved-road-e2e-${options.name}-`));
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  // A config file of our own: code-server would otherwise create ~/.config/code-server/config.yaml.
  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  const install = spawnSync(codeServerBin, [...common, '--install-extension', vsixPath], {
    encoding: 'utf8',
    timeout: 120000,
  });
  if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
    throw new Error(
      `code-server --install-extension failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`,
    );
  }

  const port = await freePort();
  // Its own process group, so stop() ends code-server AND the extension hosts (bootstrap-fork) and
  // the language server they start, and nothing else.
  const child: ChildProcess = spawn(
    codeServerBin,
    [
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      options.workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp },
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (/HTTP server listening on/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
  });

  let context: BrowserContext | undefined;
  const stop = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    // The group's other members (extension hosts, the language server) may outlive the leader by a moment.
    await waitForGroupToEnd(child.pid!);
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await listening;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require(path.join(e2eDir, 'node_modules', 'playwright-core')) as { chromium: Chromium };
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1400, height: 900 },
      timeout: 60000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`;
    await page.goto(url, { timeout: 60000, waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    return { page, url, pid: child.pid!, workspace: options.workspace, log: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Resolves once no process of the group is left; after 10 s it SIGKILLs what remains. */
async function waitForGroupToEnd(pgid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* gone */
  }
  // Poll the kernel's process table (an event-free wait: there is no exit event for non-children).
  const deadline = Date.now() + 10000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Process ids still in the group (for the "leaves no process behind" assertion). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(entry)); // zombies are gone, only not yet reaped
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}
