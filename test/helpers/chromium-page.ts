// A page in Debian's headless Chromium, driven over the DevTools protocol on a pipe
// (`--remote-debugging-pipe`: commands on fd 3, replies and events on fd 4, each a JSON message
// ended by a NUL byte). No dependency: the unit suites check what a browser shows (the HTML report's
// tables are laid out and visible, not only present in the markup) without playwright, which only
// the e2e suites install. Every wait is on a protocol event or reply, under a ceiling scaled for load.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { loadFactor } from './load';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless Chromium with nothing of its own talking to the network: every test that starts it uses these. */
export const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const FLAGS = [...HEADLESS_FLAGS, '--hide-scrollbars', '--remote-debugging-pipe'];

export interface ChromiumPage {
  /** Evaluates `expression` in the page and returns its value (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the given page region (CSS pixels, page coordinates), written to `file`. */
  screenshot(file: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Opens `file` in a fresh headless Chromium of `width`×`height` and resolves once its load event fired. */
export async function openInChromium(file: string, viewport = { width: 1100, height: 900 }): Promise<ChromiumPage> {
  const ceiling = 60000 * loadFactor();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...FLAGS, `--user-data-dir=${profile}`, `--window-size=${viewport.width},${viewport.height}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Message) => void)[] = [];
  let gone: Error | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = new Error(`chromium exited (${code ?? signal}); stderr:\n${stderr}`);
      for (const p of pending.values()) p.reject(gone);
      pending.clear();
      resolve();
    }),
  );
  child.once('error', (e) => {
    gone = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });

  let buffered = Buffer.alloc(0);
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (let end = buffered.indexOf(0); end >= 0; end = buffered.indexOf(0)) {
      const message = JSON.parse(buffered.subarray(0, end).toString('utf8')) as Message;
      buffered = buffered.subarray(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result ?? {});
      } else {
        for (const l of [...listeners]) l(message);
      }
    }
  });

  const send = (
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`chromium did not answer ${method} within ${Math.round(ceiling / 1000)} s`));
      }, ceiling);
      pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  };
  const nextEvent = (method: string, sessionId: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new Error(`no ${method} within ${Math.round(ceiling / 1000)} s`));
      }, ceiling);
      const listener = (m: Message): void => {
        if (m.method === method && m.sessionId === sessionId) {
          remove();
          resolve(m);
        }
      };
      const remove = (): void => {
        clearTimeout(timer);
        listeners.splice(listeners.indexOf(listener), 1);
      };
      listeners.push(listener);
      void exited.then(() => {
        remove();
        reject(gone);
      });
    });

  const close = async (): Promise<void> => {
    if (!gone) {
      await send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };

  try {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await send('Page.enable', {}, sessionId);
    await send(
      'Emulation.setDeviceMetricsOverride',
      { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    const loaded = nextEvent('Page.loadEventFired', sessionId);
    const navigated = (await send('Page.navigate', { url: pathToFileURL(file).href }, sessionId)) as {
      errorText?: string;
    };
    if (navigated.errorText) throw new Error(`chromium could not open ${file}: ${navigated.errorText}`);
    await loaded;
    return {
      async evaluate<T>(expression: string): Promise<T> {
        const r = (await send(
          'Runtime.evaluate',
          { expression, returnByValue: true, awaitPromise: true },
          sessionId,
        )) as {
          result: { value?: unknown };
          exceptionDetails?: { text: string; exception?: { description?: string } };
        };
        if (r.exceptionDetails)
          throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      async screenshot(out: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
        const r = (await send(
          'Page.captureScreenshot',
          { format: 'png', captureBeyondViewport: true, ...(clip ? { clip: { ...clip, scale: 1 } } : {}) },
          sessionId,
        )) as { data: string };
        fs.writeFileSync(out, Buffer.from(r.data, 'base64'));
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
