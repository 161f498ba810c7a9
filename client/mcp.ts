// Registers `paved-road mcp` with VS Code's agent mode (the MCP server definition provider API,
// VS Code 1.101+). The extension supports VS Code 1.91 and its @types/vscode is 1.91, which has no
// such API: the provider is registered only when the running VS Code has it, through the untyped
// surface below; on older versions (and code-server 4.100 = VS Code 1.100) nothing happens and the
// README's recipe (a .vscode/mcp.json entry) is the way.

import * as vscode from 'vscode';

export const MCP_PROVIDER_ID = 'pavedRoad.mcp';

interface McpApi {
  lm?: {
    registerMcpServerDefinitionProvider?(
      id: string,
      provider: { provideMcpServerDefinitions(): unknown[] },
    ): vscode.Disposable;
  };
  McpStdioServerDefinition?: new (
    label: string,
    command: string,
    args: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => unknown;
}

export function registerMcpServer(context: vscode.ExtensionContext, log?: (line: string) => void): vscode.Disposable[] {
  const api = vscode as unknown as McpApi;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const Definition = api.McpStdioServerDefinition;
  if (!register || !Definition) return [];
  const cli = context.asAbsolutePath('dist/cli.js');
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '');
  // An optional extra: a VS Code whose MCP API differs from the one this was written for (code-server
  // 4.100 asks for another package.json contribution and throws) must not stop the extension from
  // activating — the diagnostics are what it is for. The failure is logged, never swallowed silently.
  try {
    // The extension host's executable runs as Node with ELECTRON_RUN_AS_NODE (in code-server it is Node).
    return [
      register.call(api.lm, MCP_PROVIDER_ID, {
        provideMcpServerDefinitions: () => [
          new Definition('Paved Road', process.execPath, [cli, 'mcp'], { ELECTRON_RUN_AS_NODE: '1' }, version),
        ],
      }),
    ];
  } catch (error) {
    log?.(
      `Paved Road: the MCP server was not registered with this VS Code (${error instanceof Error ? error.message : String(error)}); the README's .vscode/mcp.json recipe works instead.`,
    );
    return [];
  }
}
