// Where the extension finds the server: setting → $CODEMODE_SERVER_PATH → bundled → PATH.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { loadExtension, tempDir } = require('./helpers');

const { extension } = loadExtension();
const { findServer, ServerNotFound } = extension;

function fakeBinary(dir, name = 'codemode') {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

const root = tempDir('codemode-lookup-');
const fromSetting = fakeBinary(path.join(root, 'setting'));
const fromEnv = fakeBinary(path.join(root, 'env'));
const extensionPath = path.join(root, 'extension');
const bundled = fakeBinary(path.join(extensionPath, 'server'));
const onPath = fakeBinary(path.join(root, 'bin'));
const emptyExtension = path.join(root, 'empty-extension');
fs.mkdirSync(emptyExtension);

const base = {
  extensionPath,
  workspaceFolder: root,
  env: { PATH: [path.join(root, 'nothing-here'), path.join(root, 'bin')].join(path.delimiter) },
};

test('the setting comes first', () => {
  const found = findServer({ ...base, setting: fromSetting, env: { ...base.env, CODEMODE_SERVER_PATH: fromEnv } });
  assert.deepEqual(found, { path: fromSetting, source: 'setting' });
});

test('the setting expands ${workspaceFolder}, ~ and relative paths', () => {
  assert.equal(findServer({ ...base, setting: '${workspaceFolder}/setting/codemode' }).path, fromSetting);
  assert.equal(findServer({ ...base, setting: 'setting/codemode' }).path, fromSetting);
  const home = os.homedir();
  assert.throws(() => findServer({ ...base, setting: '~/no-such-codemode-binary' }), (e) =>
    e.message.includes(path.join(home, 'no-such-codemode-binary')),
  );
});

test('then $CODEMODE_SERVER_PATH', () => {
  const found = findServer({ ...base, setting: null, env: { ...base.env, CODEMODE_SERVER_PATH: fromEnv } });
  assert.deepEqual(found, { path: fromEnv, source: 'environment' });
});

test('then the binary bundled in the extension', () => {
  assert.deepEqual(findServer({ ...base, setting: '' }), { path: bundled, source: 'bundled' });
});

test('then codemode on PATH', () => {
  const found = findServer({ ...base, setting: undefined, extensionPath: emptyExtension });
  assert.deepEqual(found, { path: onPath, source: 'PATH' });
});

test('an explicit choice that is wrong is an error, not a silent fallback', () => {
  const missing = path.join(root, 'missing');
  assert.throws(() => findServer({ ...base, setting: missing }), (e) =>
    e instanceof ServerNotFound && /codemode\.server\.path = .*missing \(not an executable file\)/.test(e.message),
  );
  assert.throws(() => findServer({ ...base, setting: null, env: { ...base.env, CODEMODE_SERVER_PATH: missing } }), (e) =>
    /CODEMODE_SERVER_PATH = .*missing/.test(e.message),
  );
  // A file that is not executable is not a server.
  const plain = path.join(root, 'plain');
  fs.writeFileSync(plain, '', { mode: 0o644 });
  assert.throws(() => findServer({ ...base, setting: plain }), ServerNotFound);
});

test('nothing anywhere: the error lists where it looked', () => {
  assert.throws(
    () => findServer({ ...base, setting: null, extensionPath: emptyExtension, env: { PATH: path.join(root, 'nothing-here') } }),
    (e) => e instanceof ServerNotFound && /bundled .*empty-extension.*; codemode on PATH/.test(e.message) &&
      /codemode\.server\.path/.test(e.message),
  );
});
