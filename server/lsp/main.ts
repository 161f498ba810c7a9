// paved-road-server: the language server's entry point. `--stdio` for any LSP editor; VS Code starts
// it over IPC (`--node-ipc`). The transport is chosen from the command line by vscode-languageserver.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { installCrashHandlers } from './crash';
import { serverVersion, startServer } from './server';

if (process.argv.includes('--version')) {
  process.stdout.write('paved-road-server\n');
} else {
  installCrashHandlers(serverVersion);
  startServer(createConnection(ProposedFeatures.all));
}
