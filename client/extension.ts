// The VS Code client: start the language server over IPC, add commands and a status bar item.
// Everything about analysis lives in the server; this file only wires VS Code to it.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { openCourse } from './course';
import { explain } from './explain';
import { postureStatus } from './posture';
import { registerMcpServer } from './mcp';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

const EXPLAIN = 'pavedRoad.explainRule';
const TEMPLATE_FILES = '**/*.{ejs,eta,swig,hbs,handlebars,mustache,pug,jade,njk,nunjucks,vue,svelte}';
/** `.html` views and static pages: read as the engine their text is written for (server/engine/templates `htmlEngineOf`). */
const HTML_FILES = '**/*.{html,htm}';
/** Config files the credentials rules read (the server skips lock files, source maps and git-ignored configs). */
const CONFIG_FILES = '**/{.env,.env.*,*.env,*.json,*.jsonc,*.yml,*.yaml}';
/** Angular component templates (the Angular CLI's naming); other `.html` files are HTML_FILES. */
const ANGULAR_TEMPLATES = '**/*.component.html';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Paved Road', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', pattern: TEMPLATE_FILES },
      { scheme: 'file', pattern: CONFIG_FILES },
      { scheme: 'file', pattern: ANGULAR_TEMPLATES },
      { scheme: 'file', pattern: HTML_FILES },
      { scheme: 'untitled', language: 'javascript' },
      { scheme: 'untitled', language: 'typescript' },
    ],
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/paved-road.json') },
    middleware: {
      // The server offers "explain" to every LSP client (it opens the doc file); in VS Code the
      // client answers it itself with a rendered view scrolled to the finding's library.
      executeCommand: async (command, args, next) => {
        if (command === EXPLAIN)
          return explain(
            context,
            args[0] as string | undefined,
            args[1] as string | undefined,
            args[2] as string | undefined,
          );
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('pavedRoad', 'Paved Road', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    ...postureStatus(() => client),
    vscode.commands.registerCommand('pavedRoad.scanWorkspace', async () => {
      const result = await client?.sendRequest<{ files: number; findings: number; skipped: number }>(
        'pavedRoad/scanWorkspace',
      );
      if (result)
        void vscode.window.showInformationMessage(
          `Paved Road scanned ${result.files} files: ${result.findings} findings, ${result.skipped} skipped.`,
        );
    }),
    vscode.commands.registerCommand('pavedRoad.showOutput', () => output.show()),
    vscode.commands.registerCommand('pavedRoad.openCourse', () => openCourse(context)),
    ...registerMcpServer(context, (line) => output.appendLine(line)),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
