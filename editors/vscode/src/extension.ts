// The codemode extension: starts `codemode lsp` and shows what it reports. No domain logic:
// the server finds snippets, runs them, offers the actions and computes the fixes; this file
// starts it (one restart path), forwards settings, asks it for actions and renders results.

import * as vscode from 'vscode';
import {
  CloseAction,
  CodeActionRequest,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  WorkDoneProgress,
  type CodeActionParams,
  type Command,
  type CodeAction,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { findServer, probeVersion, ServerNotFound, type FoundServer } from './binary';
import { registerMcp, type EditorEndpoint, type McpRegistration } from './mcp';
import { inlineText, renderResult, RUN_RESULT_METHOD, type RunResultParams } from './results';
import { serverSettings, serverSettingKeys } from './settings';

/**
 * The server's commands, carried by its code actions and lenses. vscode-languageclient registers
 * each command the server declares as a VS Code command, so the extension's own commands
 * (package.json) must use other ids (a test checks).
 */
export const SERVER_COMMANDS = {
  run: 'codemode.run',
  fix: 'codemode.fix',
  generateTests: 'codemode.generateTests',
} as const;

/** The AI commands, by the title of their progress notification. */
const AI_TITLES: Partial<Record<string, string>> = {
  [SERVER_COMMANDS.fix]: 'Auto-fix with AI',
  [SERVER_COMMANDS.generateTests]: 'Generate tests',
};

/** The answer of the AI commands: `{status, message, ...}`. */
function isAnswer(value: unknown): value is { status: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

const BUILTIN_LANGUAGES = [
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'markdown',
];

type Status = 'starting' | 'ready' | 'running' | 'stopped' | 'error';

export class Codemode implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly results: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly decoration: vscode.TextEditorDecorationType;
  /** Inline summaries per document URI, by line. */
  private readonly inline = new Map<string, Map<number, string>>();
  private client: LanguageClient | undefined;
  private server: FoundServer | undefined;
  private serverVersion: string | undefined;
  private restarting: Promise<void> = Promise.resolve();
  /** The MCP registration, told about the running server's own endpoint. */
  mcp: McpRegistration | undefined;
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('codemode');
    this.results = vscode.window.createOutputChannel('codemode: results');
    this.status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
    this.status.command = 'codemode.showOutput';
    this.decoration = vscode.window.createTextEditorDecorationType({
      after: {
        margin: '0 0 0 1em',
        color: new vscode.ThemeColor('editorCodeLens.foreground'),
        fontStyle: 'italic',
      },
    });
    this.disposables.push(
      this.output,
      this.results,
      this.status,
      this.decoration,
      vscode.workspace.onDidChangeConfiguration((e) => {
        this.onConfigurationChanged(e);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.clearInline(e.document.uri.toString());
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        this.renderInline();
      }),
    );
    this.setStatus('starting');
    this.status.show();
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  /** The single start path: stops the running server (if any) and starts a new one. */
  restart(): Promise<void> {
    this.restarting = this.restarting.then(
      () => this.doRestart(),
      () => this.doRestart(),
    );
    return this.restarting;
  }

  private async doRestart(): Promise<void> {
    await this.stop();
    this.setStatus('starting');
    const config = vscode.workspace.getConfiguration('codemode');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    try {
      this.server = findServer({
        setting: config.get<string | null>('server.path'),
        env: process.env,
        extensionPath: this.context.extensionPath,
        workspaceFolder: folder,
      });
    } catch (error) {
      this.server = undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(message);
      this.setStatus('error', message);
      if (error instanceof ServerNotFound) {
        void vscode.window
          .showErrorMessage(message, 'Open settings', 'Show output')
          .then((choice) => {
            if (choice === 'Open settings') {
              void vscode.commands.executeCommand(
                'workbench.action.openSettings',
                'codemode.server.path',
              );
            } else if (choice === 'Show output') this.output.show();
          });
      }
      return;
    }
    const args = [...config.get<string[]>('server.args', []), 'lsp'];
    const env = { ...process.env, ...config.get<Record<string, string>>('server.env', {}) };
    try {
      this.output.appendLine(`${this.server.path}: ${await probeVersion(this.server.path, env)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(message);
      this.setStatus('error', message);
      void vscode.window.showErrorMessage(message, 'Show output').then((choice) => {
        if (choice === 'Show output') this.output.show();
      });
      return;
    }
    this.output.appendLine(
      `starting ${this.server.path} ${args.join(' ')} (from ${this.server.source})`,
    );
    const serverOptions: ServerOptions = {
      command: this.server.path,
      args,
      options: { env, ...(folder !== undefined ? { cwd: folder } : {}) },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(config),
      outputChannel: this.output,
      initializationOptions: this.settingsPayload(),
      middleware: {
        executeCommand: (command, commandArgs) => this.execute(command, commandArgs),
      },
      // The restart command is the only way a server starts: when it exits, say so and
      // leave restarting to the user (the library would otherwise restart it on its own).
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => ({
          action: CloseAction.DoNotRestart,
          message: 'codemode: the server stopped. See "codemode: Show output", then "codemode: Restart server".',
        }),
      },
    };
    const client = new LanguageClient('codemode', 'codemode', serverOptions, clientOptions);
    // The extension renders `codemode/runResult` (results panel, inline summary): the server
    // then sends no message per run (it does to clients that do not say this).
    client.registerFeature({
      fillClientCapabilities: (capabilities) => {
        capabilities.experimental = {
          ...(capabilities.experimental as Record<string, unknown> | undefined),
          codemode: { runResults: true },
        };
      },
      initialize: () => undefined,
      getState: () => ({ kind: 'static' }),
      clear: () => undefined,
    });
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      if (e.newState === State.Stopped) this.setStatus('stopped');
    });
    client.onNotification(RUN_RESULT_METHOD, (params: RunResultParams) => {
      this.onRunResult(params);
    });
    client.onNotification('codemode/mcpEndpoint', (params: EditorEndpoint) => {
      if (this.client !== client) return;
      this.output.appendLine(`codemode: MCP endpoint of this window at ${params.url}`);
      this.mcp?.setEditorEndpoint({ url: params.url, token: params.token });
    });
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`codemode: the server did not start: ${message}`);
      this.setStatus('error', message);
      return;
    }
    this.serverVersion = client.initializeResult?.serverInfo?.version;
    this.setStatus('ready');
  }

  /** Stops the server for good: after a restart in progress, so that none is left running. */
  async shutdown(): Promise<void> {
    await this.restarting.catch(() => undefined);
    await this.stop();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.mcp?.setEditorEndpoint(undefined);
    if (client === undefined) return;
    try {
      if (client.isRunning()) await client.stop(5000);
    } catch (error) {
      this.output.appendLine(`codemode: stopping the server: ${String(error)}`);
    }
  }

  /** Runs in flight, cancelled by `codemode.cancel` (the status bar item while running). */
  private readonly inFlight = new Set<vscode.CancellationTokenSource>();

  /**
   * Runs one of the server's commands, with its errors shown. Runs report their progress in
   * the status bar; the AI commands (model requests, several rounds) in a notification with a
   * Cancel button. The AI commands' results are the server's `window/showMessage` (shown by
   * the language client as an information or warning message) and go to the log too.
   */
  async execute(command: string, args: unknown[]): Promise<unknown> {
    const client = this.client;
    if (client?.isRunning() !== true) {
      void vscode.window.showErrorMessage(
        'codemode: the server is not running (codemode: Restart server)',
      );
      return undefined;
    }
    const cancel = new vscode.CancellationTokenSource();
    this.inFlight.add(cancel);
    this.setStatus('running');
    const token = `codemode/${command}/${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
    const aiTitle = AI_TITLES[command];
    const options: vscode.ProgressOptions =
      aiTitle !== undefined
        ? { location: vscode.ProgressLocation.Notification, title: `codemode: ${aiTitle}`, cancellable: true }
        : { location: vscode.ProgressLocation.Window, title: 'codemode' };
    try {
      const result: unknown = await vscode.window.withProgress(
        options,
        async (progress, progressCancel) => {
          // The notification's Cancel: `$/cancelRequest` stops the model request and the run.
          const cancelling = progressCancel.onCancellationRequested(() => {
            cancel.cancel();
          });
          const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
            if (value.kind !== 'end' && value.message !== undefined) {
              progress.report({ message: value.message });
            }
          });
          try {
            // Cancelling sends `$/cancelRequest`: the server stops the run within 50 ms.
            const result: unknown = await client.sendRequest(
              ExecuteCommandRequest.type,
              { command, arguments: args, workDoneToken: token },
              cancel.token,
            );
            return result;
          } finally {
            listener.dispose();
            cancelling.dispose();
          }
        },
      );
      if (aiTitle !== undefined && isAnswer(result)) {
        this.output.appendLine(`codemode: ${aiTitle}: ${result.status}: ${result.message}`);
      }
      return result;
    } catch (error) {
      if (cancel.token.isCancellationRequested) {
        this.output.appendLine(`codemode: ${command} cancelled`);
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`codemode: ${command} failed: ${message}`);
      void vscode.window.showErrorMessage(`codemode: ${message}`);
      return undefined;
    } finally {
      this.inFlight.delete(cancel);
      cancel.dispose();
      if (this.client === client) this.setStatus(this.inFlight.size > 0 ? 'running' : 'ready');
    }
  }

  /** Cancels every run in flight; returns how many. */
  cancelRuns(): number {
    const count = this.inFlight.size;
    for (const cancel of this.inFlight) cancel.cancel();
    return count;
  }

  /**
   * The editor command behind "Run in sandbox", "Auto-fix with AI" and "Generate tests": asks
   * the server for its code actions at the selection and performs the one carrying `command`.
   * When the server offers none, the command is sent anyway so the server says why.
   */
  async performAction(command: string): Promise<unknown> {
    const editor = vscode.window.activeTextEditor;
    const client = this.client;
    if (editor === undefined) {
      void vscode.window.showErrorMessage('codemode: open a file first');
      return undefined;
    }
    if (client?.isRunning() !== true) {
      void vscode.window.showErrorMessage(
        'codemode: the server is not running (codemode: Restart server)',
      );
      return undefined;
    }
    const document = editor.document;
    const selector = client.clientOptions.documentSelector;
    if (selector !== undefined && vscode.languages.match(selector, document) === 0) {
      void vscode.window.showErrorMessage(
        `codemode: ${document.languageId} files are not run by codemode (Python, JavaScript, TypeScript, Markdown, or a configured runtime)`,
      );
      return undefined;
    }
    const uri = document.uri.toString();
    const selection = editor.selection;
    const diagnostics = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.range.intersection(selection) !== undefined);
    const params: CodeActionParams = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
      range: client.code2ProtocolConverter.asRange(selection),
      context: {
        diagnostics: await client.code2ProtocolConverter.asDiagnostics(diagnostics),
        triggerKind: 1,
      },
    };
    let actions: (Command | CodeAction)[] = [];
    try {
      actions = (await client.sendRequest(CodeActionRequest.type, params)) ?? [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`codemode: ${message}`);
      return undefined;
    }
    const action = chooseAction(actions, command, params.context.diagnostics.length > 0);
    if (action !== undefined) {
      const carried = typeof action.command === 'string' ? (action as Command) : action.command;
      if ('edit' in action && action.edit !== undefined) {
        const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
        await vscode.workspace.applyEdit(edit);
      }
      if (carried !== undefined) return this.execute(carried.command, carried.arguments ?? []);
    }
    // Not offered here: send it anyway, so the server's own error explains why.
    return this.execute(command, [
      {
        uri,
        version: document.version,
        range: params.range,
        target: 'range',
        ...(command === SERVER_COMMANDS.fix ? { diagnostics: params.context.diagnostics } : {}),
      },
    ]);
  }

  /** The server settings the user set (any scope), and their VS Code keys. */
  private explicitSettings(): { keys: string[]; payload: Record<string, unknown> } {
    const config = vscode.workspace.getConfiguration('codemode');
    const explicit = (key: string): unknown => {
      const seen = config.inspect(key);
      return seen?.workspaceFolderValue ?? seen?.workspaceValue ?? seen?.globalValue;
    };
    const keys = serverSettingKeys().filter(
      (k) => explicit(k.slice('codemode.'.length)) !== undefined,
    );
    return { keys, payload: serverSettings(explicit, keys) };
  }

  private settingsPayload(): Record<string, unknown> {
    const { keys, payload } = this.explicitSettings();
    this.sentKeys = new Set(keys);
    return payload;
  }

  /** The server settings sent last: one that is no longer set needs a restart to reset. */
  private sentKeys = new Set<string>();

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('codemode')) return;
    // Where the server comes from, and which documents it gets, need a new server.
    if (
      e.affectsConfiguration('codemode.server') ||
      e.affectsConfiguration('codemode.runtimes')
    ) {
      this.output.appendLine('codemode: server settings changed, restarting');
      void this.restart();
      return;
    }
    // The server merges what it gets over what it has: a setting the user removed can only go
    // back to the default (or the settings file's value) with a fresh server.
    const { keys } = this.explicitSettings();
    if ([...this.sentKeys].some((k) => !keys.includes(k))) {
      this.output.appendLine('codemode: a server setting was removed, restarting');
      void this.restart();
      return;
    }
    const client = this.client;
    if (client?.isRunning() === true) {
      // A restart may stop this client before the notification leaves: the new server gets the
      // settings at its start anyway.
      client
        .sendNotification('workspace/didChangeConfiguration', {
          settings: { codemode: this.settingsPayload() },
        })
        .catch((error: unknown) => {
          if (this.client === client) {
            this.output.appendLine(`codemode: sending the settings failed: ${String(error)}`);
          }
        });
    }
    this.setStatus(this.currentStatus);
  }

  private onRunResult(result: RunResultParams): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri);
    const label =
      document !== undefined ? vscode.workspace.asRelativePath(document.uri) : result.uri;
    this.results.append(renderResult(result, label));
    this.results.show(true);
    if (document === undefined || document.version !== result.version) return;
    if (!vscode.workspace.getConfiguration('codemode').get<boolean>('results.inline', true)) return;
    let lines = this.inline.get(result.uri);
    if (lines === undefined) {
      lines = new Map();
      this.inline.set(result.uri, lines);
    }
    lines.set(result.range.start.line, inlineText(result));
    this.renderInline();
  }

  private clearInline(uri: string): void {
    if (this.inline.delete(uri)) this.renderInline();
  }

  private renderInline(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const lines = this.inline.get(editor.document.uri.toString()) ?? new Map<number, string>();
      const options: vscode.DecorationOptions[] = [];
      for (const [line, text] of lines) {
        if (line >= editor.document.lineCount) continue;
        const end = editor.document.lineAt(line).range.end;
        options.push({
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: text } },
        });
      }
      editor.setDecorations(this.decoration, options);
    }
  }

  /** Inline summaries currently shown, for tests and the results panel. */
  inlineSummaries(uri: string): Map<number, string> {
    return new Map(this.inline.get(uri) ?? []);
  }

  private currentStatus: Status = 'starting';

  private setStatus(status: Status, detail?: string): void {
    this.currentStatus = status;
    const icons: Record<Status, string> = {
      starting: '$(sync~spin)',
      running: '$(loading~spin)',
      ready: '$(beaker)',
      stopped: '$(debug-stop)',
      error: '$(error)',
    };
    const words: Record<Status, string> = {
      starting: 'starting',
      running: 'running a snippet',
      ready: 'server ready (the sandbox runtimes load in the background)',
      stopped: 'server stopped',
      error: 'server not running',
    };
    this.status.text = `${icons[status]} codemode`;
    const tooltip = [`codemode: ${words[status]}`];
    if (detail !== undefined) tooltip.push(detail);
    if (this.server !== undefined) {
      tooltip.push(
        `server: ${this.server.path} (${this.server.source})` +
          (this.serverVersion !== undefined ? `, version ${this.serverVersion}` : ''),
      );
    }
    tooltip.push(`model: ${this.modelDescription()}`);
    this.status.tooltip = tooltip.join('\n');
    this.status.command =
      status === 'error'
        ? 'codemode.restart'
        : status === 'running'
          ? 'codemode.cancel'
          : 'codemode.showOutput';
    if (status === 'running') this.status.tooltip += '\n(click to cancel)';
  }

  /** The model backend from the server settings (`codemode.model.*`). */
  private modelDescription(): string {
    const config = vscode.workspace.getConfiguration('codemode');
    const provider = config.get<string>('model.provider', 'none');
    if (provider === 'none') {
      return 'not configured (set codemode.model.provider and codemode.model.model, or a settings file)';
    }
    const model = config.get<string | null>('model.model');
    const baseUrl = config.get<string | null>('model.baseUrl');
    return [provider, model, baseUrl !== null && baseUrl !== undefined ? `at ${baseUrl}` : undefined]
      .filter((part) => part !== undefined && part !== null && part !== '')
      .join(' ');
  }

  get statusText(): { text: string; tooltip: string; status: Status } {
    const tooltip = this.status.tooltip;
    return {
      text: this.status.text,
      tooltip: typeof tooltip === 'string' ? tooltip : '',
      status: this.currentStatus,
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Of the server's code actions, the one to perform for `command`: for Auto-fix, the quickfix
 * "Auto-fix with AI" on the diagnostics when there are some, else "Auto-fix selection with
 * AI" (kind `codemode.fix`); otherwise the first action carrying the command.
 */
export function chooseAction(
  actions: (Command | CodeAction)[],
  command: string,
  hasDiagnostics: boolean,
): Command | CodeAction | undefined {
  const carrying = actions.filter((action) => {
    const carried = typeof action.command === 'string' ? (action as Command) : action.command;
    return carried?.command === command;
  });
  if (command === SERVER_COMMANDS.fix) {
    const preferred = hasDiagnostics ? 'quickfix' : 'codemode.fix';
    const found = carrying.find((a) => 'kind' in a && a.kind === preferred);
    if (found !== undefined) return found;
  }
  return carrying[0];
}

function documentSelector(config: vscode.WorkspaceConfiguration): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const language of BUILTIN_LANGUAGES) {
    selector.push({ scheme: 'file', language }, { scheme: 'untitled', language });
  }
  // Bring-your-own runtimes: by language id and by the extensions they claim.
  const custom = config.get<Record<string, { extensions?: string[] }>>('runtimes.custom', {});
  for (const [id, runtime] of Object.entries(custom)) {
    selector.push({ scheme: 'file', language: id });
    for (const ext of runtime.extensions ?? []) {
      selector.push({ scheme: 'file', pattern: `**/*.${ext}` });
    }
  }
  return selector;
}

let instance: Codemode | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Codemode> {
  const codemode = new Codemode(context);
  instance = codemode;
  context.subscriptions.push(
    codemode,
    vscode.commands.registerCommand('codemode.restart', () => codemode.restart()),
    vscode.commands.registerCommand('codemode.showOutput', () => {
      codemode.output.show();
    }),
    vscode.commands.registerCommand('codemode.cancel', () => codemode.cancelRuns()),
    vscode.commands.registerCommand('codemode.runInSandbox', () =>
      codemode.performAction(SERVER_COMMANDS.run),
    ),
    vscode.commands.registerCommand('codemode.autoFix', () =>
      codemode.performAction(SERVER_COMMANDS.fix),
    ),
    vscode.commands.registerCommand('codemode.generateTestsWithAI', () =>
      codemode.performAction(SERVER_COMMANDS.generateTests),
    ),
  );
  codemode.mcp = registerMcp(context, codemode.output, () => {
    const config = vscode.workspace.getConfiguration('codemode');
    if (!config.get<boolean>('mcp.enabled', true)) return undefined;
    const found = findServer({
      setting: config.get<string | null>('server.path'),
      env: process.env,
      extensionPath: context.extensionPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
    return {
      command: found.path,
      args: [...config.get<string[]>('server.args', []), 'mcp'],
      env: config.get<Record<string, string>>('server.env', {}),
    };
  });
  await codemode.restart();
  return codemode;
}

export async function deactivate(): Promise<void> {
  const codemode = instance;
  instance = undefined;
  await codemode?.shutdown();
}

// For the tests, which load the bundle as VS Code does.
export { findServer, ServerNotFound } from './binary';
export { serverSettings } from './settings';
export { EDITOR_ENDPOINT_LABEL, MCP_PROVIDER_ID } from './mcp';
