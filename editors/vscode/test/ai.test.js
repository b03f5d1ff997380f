// The AI commands through the extension — "Auto-fix with AI" and "Generate tests" as the user
// runs them (command palette / context menu), the bundle with the real vscode-languageclient,
// the real `codemode lsp` binary, and a model that answers the real OpenAI protocol from a
// script (tests/scripted-model/server.py). The assertions are on what the user sees: the
// document's text, the created test file, the progress notification and the messages.
//
//   CODEMODE_BIN=target/debug/codemode node --test test/ai.test.js

'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { after, before, describe, test } = require('node:test');

const { bin, deactivate, loadExtension, repo, tempDir, waitFor } = require('./helpers');

const KEY = 'sk-test-not-a-real-key';

/** The scripted model server: started with `script`; its request log readable. */
async function startModel(script) {
  const dir = tempDir('codemode-model-');
  fs.writeFileSync(path.join(dir, 'script.json'), JSON.stringify(script));
  const log = path.join(dir, 'requests.jsonl');
  const proc = spawn('python3', [path.join(repo, 'tests', 'scripted-model', 'server.py'), path.join(dir, 'script.json'), log], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: proc.stdout });
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`the scripted model exited (${code})`)));
  });
  assert.match(first, /^PORT \d+$/);
  const port = Number(first.split(' ')[1]);
  return {
    port,
    logText: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''),
    requests() {
      return this.logText().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.body);
    },
    stop: () => proc.kill('SIGKILL'),
  };
}

const propose = (name, args, match) => ({ ...(match ? { match } : {}), tool_calls: [{ name, arguments: args }] });

const CART = [
  '# cart.py',
  'TAX = 2',
  '',
  '',
  'def total():',
  '    prices = [3, 4, 5]',
  '    return sum(price) * TAX',
  '',
  '',
  'print("loaded")',
  '',
].join('\n');
const FIXED = CART.replace('sum(price)', 'sum(prices)');

const SLUG = 'def slugify(title):\n    """Lowercase words joined by dashes, without punctuation."""\n    return "-".join(title.lower().split())\n';
const TESTS_1 = [
  'def test_simple():\n    assert slugify("Hello World") == "hello-world"\n',
  'def test_spaces():\n    assert slugify("A  B") == "a--b"\n',
  'def test_punctuation():\n    assert slugify("Hi, there!") == "hi-there"\n',
].join('\n\n');
const TESTS_2 = [
  'def test_spaces():\n    assert slugify("A  B") == "a-b"\n',
  'def test_punctuation():\n    assert slugify("Hi, there!") == "hi-there"\n',
].join('\n\n');

// Steps without `match` are used in order (fix, tests, the slow one for Cancel); those with
// `match` answer the request whose last message has that text.
const SCRIPT = [
  propose('propose_fix', { code: '    return sum(pricez) * TAX', start_line: 7, end_line: 7 }),
  propose('propose_fix', { code: '    return sum(prices) * TAX', start_line: 7, end_line: 7,
    explanation: '`price` is a typo for `prices`.' }, 'still fails'),
  propose('propose_tests', { code: TESTS_1 }),
  propose('propose_tests', { code: TESTS_2, findings: [{ test: 'test_punctuation', reason: 'punctuation is kept' }] },
    'These failed'),
  { delay_ms: 8000, ...propose('propose_fix', { code: '    return 0', start_line: 7, end_line: 7 }) },
];

describe('the AI commands with a scripted model', () => {
  let loaded;
  let codemode;
  let model;
  const workspace = tempDir();

  const messages = (level) => loaded.standin.messages.filter((m) => m.level === level).map((m) => m.text);
  const aiProgress = (title) => loaded.standin.progress.filter((p) => p.options.title === `codemode: ${title}`);

  before(async () => {
    assert.ok(fs.existsSync(bin), `no server binary at ${bin} (cargo build -p codemode, or set CODEMODE_BIN)`);
    model = await startModel(SCRIPT);
    loaded = loadExtension({ workspaceFolder: workspace });
    // The model as a user configures it: VS Code settings, the key in an environment variable.
    await loaded.standin.setSettings({
      'codemode.server.path': bin,
      'codemode.server.env': { CODEMODE_TEST_MODEL_KEY: KEY },
      'codemode.model.provider': 'openai',
      'codemode.model.baseUrl': `http://127.0.0.1:${model.port}/v1`,
      'codemode.model.model': 'scripted-1',
      'codemode.model.apiKeyEnv': 'CODEMODE_TEST_MODEL_KEY',
      'codemode.model.timeout': '20s',
    });
    codemode = await loaded.extension.activate(loaded.context);
  });

  after(async () => {
    if (loaded) await deactivate(loaded);
    model?.stop();
  });

  test('the status bar names the model', () => {
    assert.match(codemode.statusText.tooltip, new RegExp(`model: openai scripted-1 at http://127\\.0\\.0\\.1:${model.port}/v1`));
  });

  test('"Auto-fix with AI" on the failure at the cursor applies the fix the sandbox verified', async () => {
    fs.writeFileSync(path.join(workspace, 'cart.py'), '# cart.py (not saved yet)\n');
    const document = loaded.standin.openDocument(path.join(workspace, 'cart.py'), 'python', CART);
    const editor = loaded.standin.showDocument(document);
    editor.selection = new loaded.vscode.Selection(6, 15, 6, 15);
    const outcome = await loaded.vscode.commands.executeCommand('codemode.runInSandbox');
    assert.equal(outcome.error?.kind, 'NameError', JSON.stringify(outcome));
    await waitFor('the diagnostic', () => loaded.vscode.languages.getDiagnostics(document.uri).length > 0);

    const editsBefore = loaded.standin.appliedEdits.length;
    const result = await loaded.vscode.commands.executeCommand('codemode.autoFix');
    assert.equal(result.status, 'applied', JSON.stringify(result));
    assert.equal(result.round, 2);
    assert.deepEqual(result.attempts.map((a) => a.passed), [false, true]);
    assert.equal(document.getText(), FIXED);

    // One edit: the inserted "s", versioned against the text the user had.
    const applied = loaded.standin.appliedEdits.slice(editsBefore);
    assert.equal(applied.length, 1);
    assert.deepEqual(applied[0]._ops.map((op) => [op.kind, op.uri.toString(), op.edit.newText]),
      [['edit', document.uri.toString(), 's']]);
    assert.equal(applied[0]._ops[0].edit.range.start.line, 6);

    // The model got the diagnostic the editor passed, and the key from the variable.
    const [first] = model.requests();
    assert.match(first.body.messages[1].content, /The editor reports on the snippet:\n- line 7: NameError: name 'price' is not defined/);
    assert.equal(first.headers.authorization, `Bearer sha256:${crypto.createHash('sha256').update(KEY).digest('hex')}`);

    // A progress notification with Cancel, showing the rounds; the explanation as a message.
    const [progress] = aiProgress('Auto-fix with AI');
    assert.ok(progress, JSON.stringify(loaded.standin.progress.map((p) => p.options)));
    assert.equal(progress.options.location, loaded.vscode.ProgressLocation.Notification);
    assert.equal(progress.options.cancellable, true);
    assert.ok(progress.reports.some((r) => /^round 2\/3 · \d+ tokens · /.test(r.message)), JSON.stringify(progress.reports));
    const shown = await waitFor('the message', () => messages('info').find((m) => m.startsWith('Auto-fix with AI')));
    assert.match(shown, /^Auto-fix with AI: fixed in round 2 \(\d+ tokens\): `price` is a typo for `prices`\.$/);
    assert.match(loaded.standin.outputChannels.get('codemode').text, /codemode: Auto-fix with AI: applied: /);
    // The failure is gone with the fix.
    await waitFor('the diagnostics to clear', () => loaded.vscode.languages.getDiagnostics(document.uri).length === 0);
    loaded.standin.closeDocument(document);
  });

  test('"Generate tests" with ai.testsPlacement = file creates test_<name>.py with the passing tests', async () => {
    await loaded.standin.setSettings({ 'codemode.ai.testsPlacement': 'file' });
    fs.writeFileSync(path.join(workspace, 'slug.py'), SLUG);
    const document = loaded.standin.openDocument(path.join(workspace, 'slug.py'), 'python', SLUG);
    loaded.standin.showDocument(document).selection = new loaded.vscode.Selection(2, 4, 2, 4);
    const testFile = path.join(workspace, 'test_slug.py');
    assert.equal(fs.existsSync(testFile), false);

    const result = await loaded.vscode.commands.executeCommand('codemode.generateTestsWithAI');
    assert.equal(result.status, 'inserted', JSON.stringify(result));
    assert.deepEqual(result.kept, ['test_simple', 'test_spaces']);
    assert.ok(fs.existsSync(testFile), 'the test file was created');
    const created = loaded.vscode.workspace.textDocuments.find((d) => d.uri.fsPath === testFile);
    const text = created.getText();
    assert.ok(text.startsWith('# Tests generated by codemode'), text);
    assert.match(text, /^from slug import slugify$/m);
    assert.match(text, /def test_simple\(\):/);
    assert.match(text, /== "a-b"/);
    assert.doesNotMatch(text, /a--b|test_punctuation/);
    assert.equal(document.getText(), SLUG, 'the code itself is not touched');

    const [progress] = aiProgress('Generate tests');
    assert.equal(progress.options.cancellable, true);
    assert.ok(progress.reports.some((r) => /round 2\/3/.test(r.message)), JSON.stringify(progress.reports));
    const shown = await waitFor('the message', () => messages('info').find((m) => m.startsWith('Generate tests')));
    assert.match(shown, /inserted 2 passing test\(s\) for `slugify` into test_slug\.py; 1 test\(s\) show the code is wrong/);
    // The test that fails because the code is wrong: a warning on the function.
    const finding = await waitFor('the finding', () =>
      loaded.vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'codemode tests'));
    assert.equal(finding.range.start.line, 0);
    assert.match(finding.message, /punctuation is kept/);
    // (Removing the setting would restart the server: set the default instead.)
    await loaded.standin.setSettings({ 'codemode.ai.testsPlacement': 'append' });
    for (const doc of [document, created]) loaded.standin.closeDocument(doc);
  });

  test('Cancel on the notification stops the model request and changes nothing', async () => {
    const document = loaded.standin.openDocument(path.join(workspace, 'cart2.py'), 'python', CART);
    loaded.standin.showDocument(document).selection = new loaded.vscode.Selection(4, 0, 6, 28);
    const asked = model.requests().length;
    const errorsBefore = messages('error').length;
    const fixing = loaded.vscode.commands.executeCommand('codemode.autoFix');
    let settled;
    void fixing.then((r) => (settled = r ?? 'undefined'));
    await waitFor('the model request', () => {
      if (settled !== undefined) throw new Error(`the fix ended before the model was asked: ${JSON.stringify(settled)} ${loaded.standin.outputChannels.get('codemode').text.slice(-600)}`);
      return model.requests().length > asked;
    });
    const progress = aiProgress('Auto-fix with AI').at(-1);
    assert.equal(progress.done, false);
    const started = Date.now();
    progress.cancel();
    assert.equal(await fixing, undefined);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms (the model answers after 8 s)`);
    assert.equal(document.getText(), CART);
    assert.equal(messages('error').length, errorsBefore, 'a cancelled fix is not an error');
    assert.equal(codemode.statusText.status, 'ready');
    await waitFor('the model server to see the request dropped', () => model.logText().includes('client_closed'), 10000);
    loaded.standin.closeDocument(document);
  });
});
