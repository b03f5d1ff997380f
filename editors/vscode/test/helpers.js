// Shared by the tests: load the bundled extension (dist/extension.js, what the .vsix ships)
// against a fresh stand-in of the `vscode` module, and wait for things the editor would show.

'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const repo = path.join(root, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundle = path.join(root, 'dist', 'extension.js');

/** The server binary under test: $CODEMODE_BIN or the debug build. */
const bin = path.resolve(process.env.CODEMODE_BIN || path.join(repo, 'target', 'debug', 'codemode'));

function tempDir(prefix = 'codemode-vscode-') {
  return fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), prefix));
}

/**
 * A fresh stand-in and a fresh copy of the bundle bound to it. `options`: `mcp` (give the
 * stand-in VS Code's MCP API), `version`, `workspaceFolder`, `messageChoice`.
 */
function loadExtension(options = {}) {
  const standin = require('./vscode-standin').install({ manifest, ...options });
  delete require.cache[require.resolve(bundle)];
  const extension = require(bundle);
  const extensionPath = options.extensionPath ?? tempDir('codemode-ext-');
  const context = {
    subscriptions: [],
    extensionPath,
    extensionUri: standin.vscode.Uri.file(extensionPath),
    extension: { id: 'codemode.codemode', packageJSON: manifest, extensionPath },
    globalState: new Map(),
    workspaceState: new Map(),
    asAbsolutePath: (p) => path.join(extensionPath, p),
  };
  return { standin, extension, context, vscode: standin.vscode };
}

async function deactivate(loaded) {
  await loaded.extension.deactivate();
  for (const d of loaded.context.subscriptions) {
    try {
      d.dispose();
    } catch {
      // already disposed
    }
  }
}

async function waitFor(what, predicate, timeoutMs = 30000) {
  const start = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

module.exports = { root, repo, manifest, bin, bundle, tempDir, loadExtension, deactivate, waitFor };
