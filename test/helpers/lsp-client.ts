// A real LSP client for tests and benchmarks: spawns paved-road-server over stdio and talks
// JSON-RPC through vscode-languageserver-protocol, the library editors' clients are built on.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  LogMessageNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  type PublishDiagnosticsParams,
  type ClientCapabilities,
} from 'vscode-languageserver-protocol/node';
import { packageRoot } from '../../server/engine/paths';
import { loadFactor } from './load';

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  /** Resolves when `count` workspace scans (work-done progresses titled "…scanning workspace…") have ended since start. */
  progressEnded(count?: number): Promise<void>;
  /** Workspace scans begun so far (the background index of modules, a progress of its own, is not counted). */
  progressBegun(): number;
  /** window/logMessage texts the server sent, oldest first. */
  logs: string[];
  /** Resolves when a work-done progress whose title matches `title` ends (at once if one already has). */
  progressDone(title: RegExp): Promise<void>;
  /** Resolves with the exit code when the server process exits. */
  exited: Promise<number | null>;
  /** Every diagnostics notification received so far, oldest first. */
  published: PublishDiagnosticsParams[];
  /** Resolves with the next diagnostics for `uri` whose version is at least `version` (if given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  setSettings(settings: Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface ClientOptions {
  settings?: Record<string, unknown>;
  rootUri?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  snippetEdits?: boolean;
  /** Scan the root folder in the background (the server's default). Off unless asked, so a test
   * about open documents is not raced by the scan's publishes for the same files. */
  workspaceScan?: boolean;
  /** Announce LSP 3.17 pull diagnostics (textDocument/diagnostic) as VS Code's client does. */
  pullDiagnostics?: boolean;
  /** Another build's server bundle (benchmarks: the baseline measured in the same rounds). */
  serverPath?: string;
}

export async function startClient(options: ClientOptions = {}): Promise<TestClient> {
  const server = options.serverPath ?? path.join(packageRoot(), 'dist', 'server.js');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), server, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  let settings = options.settings;
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const w of [...waiters]) {
      if (w.uri === params.uri && (w.version === undefined || (params.version ?? -1) >= w.version)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  const progressEnds: string[] = [];
  const progressBegins: string[] = [];
  const progressWaiters: (() => void)[] = [];
  // Every progress by title (begun, ended), for waits on a progress other than the workspace scan's.
  const titles = new Map<string, { title: string; ended: boolean }>();
  const titleWaiters: (() => void)[] = [];
  connection.onNotification(
    '$/progress',
    (params: { token: string | number; value: { kind: string; title?: string } }) => {
      const token = String(params.token);
      if (params.value?.kind === 'begin') titles.set(token, { title: params.value.title ?? '', ended: false });
      if (params.value?.kind === 'end' && titles.has(token)) {
        titles.get(token)!.ended = true;
        for (const w of titleWaiters.splice(0)) w();
      }
      if (params.value?.kind === 'begin' && /scanning workspace/.test(params.value.title ?? ''))
        progressBegins.push(String(params.token));
      if (params.value?.kind !== 'end' || !progressBegins.includes(String(params.token))) return;
      progressEnds.push(String(params.token));
      for (const w of progressWaiters.splice(0)) w();
    },
  );
  const logs: string[] = [];
  connection.onNotification(LogMessageNotification.type, (params) => {
    logs.push(params.message);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings ?? null));
  connection.listen();
  const capabilities: ClientCapabilities = {
    workspace: {
      configuration: settings !== undefined,
      didChangeConfiguration: { dynamicRegistration: true },
      ...(options.snippetEdits ? { workspaceEdit: { snippetEditSupport: true } } : {}),
    },
    textDocument: {
      publishDiagnostics: {
        relatedInformation: true,
        versionSupport: true,
        codeDescriptionSupport: true,
        dataSupport: true,
      },
      ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
    window: { workDoneProgress: true, showDocument: { support: true } },
  };
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.rootUri ?? null,
    capabilities,
    workspaceFolders: null,
    initializationOptions: { diagnostics: { scope: options.workspaceScan ? 'workspace' : 'openFiles' } },
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    process: child,
    stderr: () => stderr,
    logs,
    exited,
    published,
    progressBegun: () => progressBegins.length,
    progressDone(title) {
      return new Promise((resolve) => {
        const check = (): void => {
          if ([...titles.values()].some((t) => t.ended && title.test(t.title))) resolve();
          else titleWaiters.push(check);
        };
        check();
      });
    },
    progressEnded(count = 1) {
      return new Promise((resolve, reject) => {
        const ceiling = eventCeilingMs();
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `fewer than ${count} work-done progresses ended within ${Math.round(ceiling / 1000)} s; stderr: ${stderr}`,
              ),
            ),
          ceiling,
        );
        const check = (): void => {
          if (progressEnds.length >= count) {
            clearTimeout(timer);
            resolve();
          } else progressWaiters.push(check);
        };
        check();
      });
    },
    diagnostics(uri, version) {
      return new Promise((resolve, reject) => {
        // A ceiling, not a wait: the promise settles on the event. Generous and scaled for load, so a
        // busy CI machine is slow, not red.
        const ceiling = eventCeilingMs();
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no diagnostics for ${uri} (${version === undefined ? 'any version' : `v${version}`}) within ${Math.round(ceiling / 1000)} s; stderr: ${stderr}`,
              ),
            ),
          ceiling,
        );
        waiters.push({
          uri,
          version,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    open(uri, languageId, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version, text },
      });
    },
    change(uri, version, text) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    setSettings(next) {
      settings = next;
      void connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) {
        connection.dispose();
        return;
      } // it crashed or exited already
      await connection.sendRequest(ShutdownRequest.type);
      void connection.sendNotification(ExitNotification.type);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill();
          resolve();
        }, 3000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}

/**
 * How long a test may wait for an event before calling it lost: 30 s on an idle machine, scaled by
 * load.ts's loadFactor (the 1-minute load per core, or the cores PAVED_ROAD_TEST_BUSY's busy loops
 * take, whichever is more): a loaded 2-core CI machine has taken several times longer than an idle one.
 */
export function eventCeilingMs(base = 30_000): number {
  return Math.round(base * loadFactor());
}

/** A TypeScript document with one string-built query, for protocol tests. */
export const VULNERABLE = `import { Pool } from 'pg';
const pool = new Pool();
export async function byName(req: any) {
  return pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
}
`;

/** A file URI in a folder that exists only in the editor (the documents are opened, never written). */
export function virtualUri(name: string): string {
  return pathToFileURL(path.join(packageRoot(), 'test', 'fixtures', 'virtual', name)).href;
}
