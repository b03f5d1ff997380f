// The extension as VS Code runs it — the esbuild bundle with the real vscode-languageclient —
// against the real `codemode lsp` binary, through a stand-in of the `vscode` module
// (test/vscode-standin.js). Each test plays what a user does and checks what they would see.
//
//   CODEMODE_BIN=target/debug/codemode node --test test/

'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { bin, deactivate, loadExtension, tempDir, waitFor } = require('./helpers');

const SOURCE = [
  'import math',
  '',
  'def area():',
  '    r = 2',
  '    return round(math.pi * r * r, 2)',
  '',
  'def broken():',
  '    total = 10',
  '    return total / 0',
  '',
  'print("hello from the sandbox")',
  '',
].join('\n');

describe('the extension against the real server', () => {
  let loaded;
  let codemode;
  let document;
  let editor;
  const workspace = tempDir();

  const results = () => loaded.standin.outputChannels.get('codemode: results').text;
  const errors = () => loaded.standin.messages.filter((m) => m.level === 'error').map((m) => m.text);
  const waitForResult = async (before, what) => {
    await waitFor(what, () => results().length > before);
    return results().slice(before);
  };

  before(async () => {
    assert.ok(fs.existsSync(bin), `no server binary at ${bin} (cargo build -p codemode, or set CODEMODE_BIN)`);
    loaded = loadExtension({ mcp: true, workspaceFolder: workspace });
    await loaded.standin.setSettings({ 'codemode.server.path': bin });
    codemode = await loaded.extension.activate(loaded.context);
    // The file on disk is empty: everything below runs the *unsaved* text.
    fs.writeFileSync(path.join(workspace, 'shapes.py'), '');
    document = loaded.standin.openDocument(path.join(workspace, 'shapes.py'), 'python', SOURCE);
    editor = loaded.standin.showDocument(document);
  });

  after(async () => {
    if (loaded) await deactivate(loaded);
  });

  test('starts the server from the setting; the status bar says it is ready', () => {
    const client = codemode.languageClient;
    assert.ok(client.isRunning());
    assert.equal(client.initializeResult.serverInfo.name, 'codemode');
    const status = codemode.statusText;
    assert.equal(status.status, 'ready');
    assert.match(status.text, /codemode/);
    assert.match(status.tooltip, /server ready/);
    assert.ok(status.tooltip.includes(`server: ${bin} (setting), version 0.1.0`), status.tooltip);
    assert.match(status.tooltip, /model: /);
    assert.match(loaded.standin.outputChannels.get('codemode').text, /starting .*codemode lsp \(from setting\)/);
    // Nothing refused at start (only settings the user set are sent: none here).
    assert.deepEqual(errors(), []);
  });

  test('the server offers "Run in sandbox" as a code action carrying codemode.run', async () => {
    const actions = await loaded.standin.codeActions(document, new loaded.vscode.Range(8, 4, 8, 4));
    const run = actions.find((a) => a.command?.command === 'codemode.run');
    assert.ok(run, `no codemode.run action in ${JSON.stringify(actions)}`);
    assert.equal(run.title, 'Run in sandbox');
    assert.equal(run.kind.value, 'codemode.run');
    const [args] = run.command.arguments;
    assert.equal(args.uri, document.uri.toString());
    assert.equal(args.version, document.version);
    assert.equal(args.target, 'range');
  });

  test('running the action shows the failure: diagnostic, results panel, inline summary', async () => {
    const actions = await loaded.standin.codeActions(document, new loaded.vscode.Range(8, 4, 8, 4));
    const run = actions.find((a) => a.command?.command === 'codemode.run');
    const start = results().length;
    const outcome = await loaded.standin.run(run.command);
    assert.equal(outcome.status, 'error');
    assert.equal(outcome.error.kind, 'ZeroDivisionError');

    const shown = await waitForResult(start, 'the run result in the results panel');
    assert.match(shown, /function broken .*shapes\.py:7 .*ZeroDivisionError: division by zero/);
    assert.match(shown, /return total \/ 0/);

    const diagnostics = await waitFor('the diagnostic', () => {
      const found = loaded.vscode.languages.getDiagnostics(document.uri);
      return found.length > 0 && found;
    });
    assert.equal(diagnostics[0].source, 'codemode');
    assert.equal(diagnostics[0].message, 'ZeroDivisionError: division by zero');
    assert.equal(diagnostics[0].range.start.line, 8);
    // The extension renders results itself (it says so at initialize): no message per run,
    // which the server sends before the diagnostics to clients that do not.
    assert.deepEqual(loaded.standin.messages.filter((m) => /broken/.test(m.text)), []);

    const inline = codemode.inlineSummaries(document.uri.toString());
    assert.match(inline.get(6), /⇒ ✗ ZeroDivisionError: division by zero/);
    const decorations = [...editor.decorations.values()].flat();
    assert.ok(
      decorations.some((d) => /ZeroDivisionError/.test(d.renderOptions.after.contentText) && d.range.start.line === 6),
      JSON.stringify(decorations),
    );
    assert.equal(codemode.statusText.status, 'ready');
    assert.ok(loaded.standin.progress.some((p) => p.options.title === 'codemode'), 'no progress shown');
  });

  test('code lenses name each snippet and show its last result after a lens run', async () => {
    let lenses = await loaded.standin.codeLenses(document);
    const titles = lenses.map((l) => l.command.title);
    assert.ok(titles.includes('▶ Run file'), titles.join(' | '));
    const areaLens = lenses.find((l) => l.range.start.line === 2);
    assert.ok(areaLens, `no lens on "def area" in ${titles.join(' | ')}`);
    assert.equal(areaLens.command.command, 'codemode.run');
    assert.equal(areaLens.command.arguments[0].target, 'runnable');

    const start = results().length;
    const outcome = await loaded.standin.run(areaLens.command);
    assert.equal(outcome.status, 'ok');
    assert.equal(outcome.value, '12.57');
    assert.match(await waitForResult(start, 'the lens run'), /function area .*→ 12\.57/);

    lenses = await loaded.standin.codeLenses(document);
    const after = lenses.find((l) => l.range.start.line === 2);
    assert.match(after.command.title, /^▶ Run · → 12\.57 · /);
  });

  test('the "Run in sandbox" command runs the selection', async () => {
    editor.selection = new loaded.vscode.Selection(10, 0, 10, 31);
    const start = results().length;
    const outcome = await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
    assert.equal(outcome.stdout, 'hello from the sandbox\n');
    assert.match(await waitForResult(start, 'the selection run'), /stdout:\n {2}hello from the sandbox/);
  });

  test('editing the document clears inline results (they belonged to the old text)', async () => {
    assert.ok(codemode.inlineSummaries(document.uri.toString()).size > 0);
    loaded.standin.edit(document, new loaded.vscode.Range(11, 0, 11, 0), '\n');
    assert.equal(codemode.inlineSummaries(document.uri.toString()).size, 0);
    const decorations = [...editor.decorations.values()].flat();
    assert.deepEqual(decorations, []);
  });

  test('settings reach the server: a 1 s timeout stops an endless loop', async () => {
    const loop = loaded.standin.openDocument(path.join(workspace, 'loop.py'), 'python', 'while True:\n    pass\n');
    loaded.standin.showDocument(loop).selection = new loaded.vscode.Selection(0, 0, 1, 8);
    const runLoop = async () => {
      const started = Date.now();
      const outcome = await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
      return { outcome, elapsed: Date.now() - started };
    };
    const restarted = async (before) => {
      await waitFor('the restart', () => codemode.languageClient !== before && codemode.languageClient?.isRunning());
      await waitFor('the document to reach the new server', async () => {
        const actions = await loaded.standin.codeActions(loop, new loaded.vscode.Range(0, 0, 0, 0));
        return actions.length > 0;
      });
    };

    // A VS Code setting, sent with workspace/didChangeConfiguration.
    await loaded.standin.setSettings({ 'codemode.limits.timeout': '1s' });
    let { outcome, elapsed } = await runLoop();
    assert.equal(outcome.status, 'timeout', JSON.stringify(outcome));
    assert.ok(elapsed < 8000, `took ${elapsed} ms with a 1 s timeout`);

    // A value the server refuses is reported by the server, and the previous settings stay.
    await loaded.standin.setSettings({ 'codemode.limits.timeout': 'soon' });
    const message = await waitFor('the server to refuse "soon"', () =>
      errors().find((m) => /invalid settings/.test(m)),
    );
    assert.match(message, /keeping the previous ones/);

    // Removing the setting restarts the server (it merges settings; a fresh one has the defaults).
    let before = codemode.languageClient;
    await loaded.standin.setSettings({ 'codemode.limits.timeout': undefined });
    await restarted(before);

    // A settings file given with codemode.server.args is not masked by VS Code's defaults.
    const file = path.join(workspace, 'codemode-settings.json');
    fs.writeFileSync(file, JSON.stringify({ limits: { timeout: '1s' } }));
    before = codemode.languageClient;
    await loaded.standin.setSettings({ 'codemode.server.args': ['--config', file] });
    await restarted(before);
    ({ outcome, elapsed } = await runLoop());
    assert.equal(outcome.status, 'timeout', JSON.stringify(outcome));
    assert.ok(elapsed < 8000, `took ${elapsed} ms with a 1 s timeout from the settings file`);

    before = codemode.languageClient;
    await loaded.standin.setSettings({ 'codemode.server.args': undefined });
    await restarted(before);
    loaded.standin.closeDocument(loop);
    loaded.standin.showDocument(document);
  });

  test('Cancel (the status bar while running) stops an endless loop at once', async () => {
    const loop = loaded.standin.openDocument(path.join(workspace, 'spin.py'), 'python', 'while True:\n    pass\n');
    loaded.standin.showDocument(loop).selection = new loaded.vscode.Selection(0, 0, 1, 8);
    const errorsBefore = errors().length;
    const started = Date.now();
    const running = loaded.vscode.commands.executeCommand('codemode.runInSandbox');
    await waitFor('the running status', () => codemode.statusText.status === 'running');
    const item = loaded.standin.statusItems[0];
    assert.equal(item.command, 'codemode.cancel');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await loaded.vscode.commands.executeCommand(item.command), 1);
    const outcome = await running;
    const elapsed = Date.now() - started;
    assert.equal(outcome, undefined);
    assert.ok(elapsed < 4000, `cancelled after ${elapsed} ms (the time limit is 10 s)`);
    assert.equal(errors().length, errorsBefore, 'a cancelled run is not an error');
    assert.equal(codemode.statusText.status, 'ready');
    assert.match(loaded.standin.outputChannels.get('codemode').text, /codemode\.run cancelled/);
    loaded.standin.closeDocument(loop);
    loaded.standin.showDocument(document);
  });

  test('TypeScript and Markdown documents get the actions; other languages are left alone', async () => {
    const ts = loaded.standin.openDocument(path.join(workspace, 'calc.ts'), 'typescript',
      'function half(n: number): number {\n  return n / 2;\n}\nconsole.log(half(84));\n');
    const md = loaded.standin.openDocument(path.join(workspace, 'notes.md'), 'markdown',
      '# Notes\n\n```python\nprint(6 * 7)\n```\n');
    const txt = loaded.standin.openDocument(path.join(workspace, 'notes.txt'), 'plaintext', 'print(1)\n');
    for (const [doc, line, stdout] of [[ts, 3, '42\n'], [md, 3, '42\n']]) {
      const actions = await loaded.standin.codeActions(doc, new loaded.vscode.Range(line, 0, line, 0));
      const run = actions.find((a) => a.command?.command === 'codemode.run');
      assert.ok(run, `no action for ${doc.languageId}`);
      const outcome = await loaded.standin.run(run.command);
      assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
      assert.equal(outcome.stdout, stdout, `${doc.languageId}: ${JSON.stringify(outcome)}`);
    }
    assert.deepEqual(await loaded.standin.codeActions(txt, new loaded.vscode.Range(0, 0, 0, 0)), []);
    loaded.standin.showDocument(txt);
    assert.equal(await loaded.vscode.commands.executeCommand('codemode.runInSandbox'), undefined);
    assert.match(errors().at(-1), /plaintext files are not run by codemode/);
    for (const doc of [ts, md, txt]) loaded.standin.closeDocument(doc);
    loaded.standin.showDocument(document);
  });

  test('registers `codemode mcp` with VS Code agent mode (MCP server definition provider)', async () => {
    const [entry] = loaded.standin.mcp.registered;
    assert.equal(entry.id, loaded.extension.MCP_PROVIDER_ID);
    const token = new loaded.vscode.CancellationTokenSource().token;
    const [definition] = await entry.provider.provideMcpServerDefinitions(token);
    assert.equal(definition.label, 'codemode');
    assert.equal(definition.command, bin);
    assert.deepEqual(definition.args, ['mcp']);
    assert.equal(await entry.provider.resolveMcpServerDefinition(definition, token), definition);

    let fired = 0;
    const sub = entry.provider.onDidChangeMcpServerDefinitions(() => (fired += 1));
    await loaded.standin.setSettings({ 'codemode.mcp.enabled': false });
    assert.equal(fired, 1);
    assert.deepEqual(await entry.provider.provideMcpServerDefinitions(token), []);
    await loaded.standin.setSettings({ 'codemode.mcp.enabled': undefined });
    sub.dispose();
  });

  test("offers the language server's own MCP endpoint (mcp.editorEndpoint) with its token", async () => {
    const [entry] = loaded.standin.mcp.registered;
    const token = new loaded.vscode.CancellationTokenSource().token;
    let fired = 0;
    const sub = entry.provider.onDidChangeMcpServerDefinitions(() => (fired += 1));
    const before = codemode.languageClient;
    await loaded.standin.setSettings({ 'codemode.mcp.editorEndpoint': '127.0.0.1:0' });
    await loaded.vscode.commands.executeCommand('codemode.restart');
    await waitFor('the restart', () => codemode.languageClient !== before && codemode.languageClient?.isRunning());
    const http = await waitFor('the endpoint to be offered', async () => {
      const definitions = await entry.provider.provideMcpServerDefinitions(token);
      return definitions.find((d) => d.label === loaded.extension.EDITOR_ENDPOINT_LABEL);
    });
    assert.ok(fired >= 1);
    const url = http.uri.toString();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.match(http.headers.Authorization, /^Bearer [0-9a-f]{64}$/);
    // What VS Code would do with the definition: an MCP initialize with those headers.
    const initialize = (headers) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'standin', version: '0' } },
        }),
      });
    const accepted = await initialize(http.headers);
    const body = await accepted.text();
    assert.equal(accepted.status, 200, body);
    assert.match(body, /"serverInfo"/);
    assert.equal((await initialize({})).status, 401);

    // Without the setting, the restarted server serves no endpoint and none is offered.
    const withEndpoint = codemode.languageClient;
    await loaded.standin.setSettings({ 'codemode.mcp.editorEndpoint': undefined });
    await loaded.vscode.commands.executeCommand('codemode.restart');
    await waitFor('the restart', () => codemode.languageClient !== withEndpoint && codemode.languageClient?.isRunning());
    const labels = (await entry.provider.provideMcpServerDefinitions(token)).map((d) => d.label);
    assert.deepEqual(labels, ['codemode']);
    sub.dispose();
  });

  test('Restart starts a new server process that knows the open documents', async () => {
    const old = codemode.languageClient;
    await loaded.vscode.commands.executeCommand('codemode.restart');
    const client = codemode.languageClient;
    assert.notEqual(client, old);
    assert.equal(old.isRunning(), false);
    assert.ok(client.isRunning());
    assert.equal(codemode.statusText.status, 'ready');
    // The new server got the open document (unsaved text) and runs it.
    editor.selection = new loaded.vscode.Selection(3, 4, 3, 4);
    const outcome = await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
    assert.equal(outcome.value, '12.57');
  });

  test('an LSP workspace edit (the shape Auto-fix and Generate tests send) applies, and the server runs the result', async () => {
    // Built here, not by the server (its AI commands are another issue's); converted by the real
    // languageclient, applied as VS Code applies it, then run by the real server.
    const client = codemode.languageClient;
    const fixed = loaded.standin.openDocument(path.join(workspace, 'fixme.py'), 'python',
      'def ratio():\n    total = 10\n    return total / 0\n');
    const testUri = loaded.vscode.Uri.file(path.join(workspace, 'tests', 'test_fixme.py'));
    const lspEdit = {
      documentChanges: [
        { textDocument: { uri: fixed.uri.toString(), version: fixed.version },
          edits: [{ range: { start: { line: 2, character: 19 }, end: { line: 2, character: 20 } }, newText: '4' }] },
        { kind: 'create', uri: testUri.toString(), options: { ignoreIfExists: true } },
        { textDocument: { uri: testUri.toString(), version: null },
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: 'from fixme import ratio\n\nassert ratio() == 2.5\n' }] },
      ],
    };
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(lspEdit);
    assert.equal(await loaded.vscode.workspace.applyEdit(edit), true);
    assert.equal(fixed.getText(), 'def ratio():\n    total = 10\n    return total / 4\n');
    assert.ok(fs.existsSync(testUri.fsPath), 'the test file was created');
    const created = loaded.vscode.workspace.textDocuments.find((d) => d.uri.toString() === testUri.toString());
    assert.equal(created.getText(), 'from fixme import ratio\n\nassert ratio() == 2.5\n');
    // The server got the edit (didChange) and runs the fixed, unsaved text.
    const actions = await loaded.standin.codeActions(fixed, new loaded.vscode.Range(2, 4, 2, 4));
    const outcome = await loaded.standin.run(actions.find((a) => a.command?.command === 'codemode.run').command);
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
    assert.equal(outcome.value, '2.5');
    for (const doc of [fixed, created]) loaded.standin.closeDocument(doc);
    loaded.standin.showDocument(document);
  });

  test('a server that dies is reported; Restart brings it back', async () => {
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`${bin} lsp`));
    assert.equal(children.length, 1, children.join('\n'));
    const pid = Number(children[0].trim().split(/\s+/)[0]);
    const before = errors().length;
    process.kill(pid, 'SIGKILL');
    await waitFor('the stopped status', () => codemode.statusText.status === 'stopped');
    const shown = await waitFor('the message', () => errors().slice(before).find((m) => /server stopped/.test(m)));
    assert.match(shown, /Restart server/);
    await loaded.vscode.commands.executeCommand('codemode.restart');
    assert.equal(codemode.statusText.status, 'ready');
    editor.selection = new loaded.vscode.Selection(3, 4, 3, 4);
    const outcome = await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
  });

  test('Show output reveals the log channel', async () => {
    const channel = loaded.standin.outputChannels.get('codemode');
    const shown = channel.shown;
    await loaded.vscode.commands.executeCommand('codemode.showOutput');
    assert.equal(channel.shown, shown + 1);
  });

  test('deactivate stops the server', async () => {
    const client = codemode.languageClient;
    await loaded.extension.deactivate();
    assert.equal(client.isRunning(), false);
    assert.equal(codemode.languageClient, undefined);
  });
});

describe('the extension without a usable server', () => {
  test('a wrong codemode.server.path is an error the user can act on; no MCP API is fine', async () => {
    const loaded = loadExtension({ mcp: false });
    const missing = path.join(tempDir(), 'no-such-codemode');
    await loaded.standin.setSettings({ 'codemode.server.path': missing });
    const codemode = await loaded.extension.activate(loaded.context);
    try {
      assert.equal(codemode.languageClient, undefined);
      assert.equal(codemode.statusText.status, 'error');
      assert.match(codemode.statusText.tooltip, /not an executable file/);
      const shown = loaded.standin.messages.filter((m) => m.level === 'error');
      assert.equal(shown.length, 1);
      assert.ok(shown[0].text.includes(`codemode.server.path = ${missing}`), shown[0].text);
      const log = loaded.standin.outputChannels.get('codemode').text;
      assert.match(log, /no MCP server definition API/);
      // The commands say the server is not running instead of failing silently.
      await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
      assert.match(loaded.standin.messages.at(-1).text, /open a file first|not running/);
    } finally {
      await deactivate(loaded);
    }
  });

  test('a binary that does not run is reported, and Restart recovers once the path is fixed', async () => {
    const loaded = loadExtension({ workspaceFolder: tempDir() });
    const broken = path.join(tempDir(), 'codemode');
    fs.writeFileSync(broken, '#!/bin/sh\necho "codemode: broken install" >&2\nexit 3\n', { mode: 0o755 });
    await loaded.standin.setSettings({ 'codemode.server.path': broken });
    const codemode = await loaded.extension.activate(loaded.context);
    try {
      assert.equal(codemode.statusText.status, 'error');
      assert.equal(codemode.languageClient, undefined);
      assert.match(loaded.standin.outputChannels.get('codemode').text, /--version` failed: codemode: broken install/);
      assert.match(loaded.standin.messages.at(-1).text, /codemode: broken install/);
      await loaded.standin.setSettings({ 'codemode.server.path': bin });
      // (isRunning() turns true inside start(), before the status is set: wait for the status.)
      await waitFor('the restart after the path changed', () => codemode.statusText.status === 'ready');
      assert.ok(codemode.languageClient.isRunning());
    } finally {
      await deactivate(loaded);
    }
  });
});
