// paved-road-server: the language server's entry point. `--stdio` for any LSP editor; VS Code starts
// it over IPC (`--node-ipc`). The transport is chosen from the command line by vscode-languageserver.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { installCrashHandlers } from './crash';
import { serverVersion, startServer } from './server';

if (process.argv.includes('--version')) {
  process.stdout.write('paved-road-server\n');
} else {
  installCrashHandlers(serverVersion);
  const connection = createConnection(ProposedFeatures.all);
  // For the memory benchmark only (test/bench/memory.ts): heap after a full GC. Needs --expose-gc.
  if (process.env.PAVED_ROAD_TEST_MEMORY === '1') {
    connection.onRequest('pavedRoad/test/heapUsed', () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    });
  }
  startServer(connection);
}
