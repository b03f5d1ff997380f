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

interface McpHttpServerDefinitionConstructor {
  new (label: string, uri: vscode.Uri, headers?: Record<string, string>, version?: string): object;
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
  McpHttpServerDefinition?: McpHttpServerDefinitionConstructor;
}

/** The language server's own MCP endpoint (`codemode/mcpEndpoint`, when `mcp.editorEndpoint` is set). */
export interface EditorEndpoint {
  url: string;
  token?: string;
}

/** Label of the editor endpoint's definition: agents there share this window's documents. */
export const EDITOR_ENDPOINT_LABEL = 'codemode (this window)';

export interface McpRegistration {
  /** Offers the language server's endpoint (or withdraws it: `undefined`). */
  setEditorEndpoint(endpoint: EditorEndpoint | undefined): void;
}

export interface McpLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Registers the provider if this VS Code has the API; `launch` gives the command (or undefined
 * when MCP is turned off, or throws when no binary is found). Besides that stdio server, the
 * provider offers the running language server's own endpoint once it announces one (an HTTP
 * definition with its bearer token): agents there see this window's unsaved documents, and
 * VS Code's model can serve codemode's `mcp-sampling` backend. Returns the registration, or
 * undefined when this VS Code has no MCP API.
 */
export function registerMcp(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  launch: () => McpLaunch | undefined,
): McpRegistration | undefined {
  const api = vscode as unknown as McpApi;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const Definition = api.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Definition !== 'function') {
    output.appendLine(
      'codemode: this VS Code has no MCP server definition API (1.101 or later); `codemode mcp` is not offered to agent mode',
    );
    return undefined;
  }
  const Http = api.McpHttpServerDefinition;
  let editorEndpoint: EditorEndpoint | undefined;
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
      const definitions = [new Definition('codemode', found.command, found.args, found.env, version)];
      if (editorEndpoint !== undefined && typeof Http === 'function') {
        const headers: Record<string, string> = editorEndpoint.token
          ? { Authorization: `Bearer ${editorEndpoint.token}` }
          : {};
        definitions.push(new Http(EDITOR_ENDPOINT_LABEL, vscode.Uri.parse(editorEndpoint.url), headers, version));
      }
      return definitions;
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
  return {
    setEditorEndpoint(endpoint) {
      if (endpoint?.url === editorEndpoint?.url && endpoint?.token === editorEndpoint?.token) return;
      editorEndpoint = endpoint;
      if (endpoint !== undefined && typeof Http !== 'function') {
        output.appendLine(
          `codemode: the language server serves MCP at ${endpoint.url}, but this VS Code cannot register HTTP MCP servers`,
        );
      }
      changed.fire();
    },
  };
}
