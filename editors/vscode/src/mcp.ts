// Offers `codemode mcp` to VS Code's agent mode through the MCP server definition provider API
// (VS Code 1.101+). The extension supports older versions too (engines ^1.82), so the API is
// looked up at run time and typed here rather than taken from a newer @types/vscode.

import * as vscode from 'vscode';

export const MCP_PROVIDER_ID = 'codemode.mcp';

interface McpStdioServerDefinitionConstructor {
  new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ): object;
}

interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<object[]>;
  resolveMcpServerDefinition?(server: object, token: vscode.CancellationToken): vscode.ProviderResult<object>;
}

interface McpApi {
  lm?: {
    registerMcpServerDefinitionProvider?: (
      id: string,
      provider: McpServerDefinitionProvider,
    ) => vscode.Disposable;
  };
  McpStdioServerDefinition?: McpStdioServerDefinitionConstructor;
}

export interface McpLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Registers the provider if this VS Code has the API; `launch` gives the command (or undefined
 * when MCP is turned off, or throws when no binary is found). Returns whether it registered.
 */
export function registerMcp(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  launch: () => McpLaunch | undefined,
): boolean {
  const api = vscode as unknown as McpApi;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const Definition = api.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Definition !== 'function') {
    output.appendLine(
      'codemode: this VS Code has no MCP server definition API (1.101 or later); `codemode mcp` is not offered to agent mode',
    );
    return false;
  }
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension.packageJSON as { version?: string }).version;
  const provider: McpServerDefinitionProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      let found: McpLaunch | undefined;
      try {
        found = launch();
      } catch (error) {
        output.appendLine(`codemode: MCP server not offered: ${String(error)}`);
        return [];
      }
      if (found === undefined) return [];
      return [new Definition('codemode', found.command, found.args, found.env, version)];
    },
    resolveMcpServerDefinition: (server) => server,
  };
  context.subscriptions.push(
    changed,
    register.call(api.lm, MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('codemode.mcp') || e.affectsConfiguration('codemode.server')) {
        changed.fire();
      }
    }),
  );
  return true;
}
