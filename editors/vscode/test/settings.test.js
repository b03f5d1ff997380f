// The VS Code settings of the server cannot drift from the server's settings type: the
// contributed section is generated from docs/settings.schema.json (itself generated from the
// Rust `Settings` type, with its own drift test), and this test fails when they differ.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test } = require('node:test');
const { pathToFileURL } = require('node:url');

const { bin, loadExtension, manifest, root, tempDir } = require('./helpers');

const generator = import(pathToFileURL(path.join(root, 'scripts', 'settings.mjs')).href);

test('package.json has exactly the settings generated from docs/settings.schema.json', async () => {
  const { updated, format, schemaPath, manifestPath } = await generator;
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const text = fs.readFileSync(manifestPath, 'utf8');
  assert.equal(text, format(updated(JSON.parse(text), schema)),
    'package.json is out of date: run `node editors/vscode/scripts/settings.mjs --write`');
});

test('the check fails when the schema gains, loses or changes a setting', async () => {
  const { updated, format, schemaPath } = await generator;
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const current = format(updated(manifest, schema));
  const changed = structuredClone(schema);
  changed.$defs.Limits.properties.timeout.default = '20s';
  assert.notEqual(format(updated(manifest, changed)), current);
  const added = structuredClone(schema);
  added.$defs.Limits.properties.cpus = { type: 'integer', default: 1, description: 'CPUs.' };
  assert.ok('codemode.limits.cpus' in updated(manifest, added).contributes.configuration[0].properties);
  const removed = structuredClone(schema);
  delete removed.properties.lenses;
  assert.ok(!('codemode.lenses.enabled' in updated(manifest, removed).contributes.configuration[0].properties));
  // And the command-line check says so with a non-zero exit code (a copy of the layout
  // editors/vscode + docs, with the changed schema).
  const dir = tempDir();
  const ext = path.join(dir, 'editors', 'vscode');
  fs.mkdirSync(path.join(ext, 'scripts'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.copyFileSync(path.join(root, 'scripts', 'settings.mjs'), path.join(ext, 'scripts', 'settings.mjs'));
  fs.writeFileSync(path.join(ext, 'package.json'), current);
  fs.writeFileSync(path.join(dir, 'docs', 'settings.schema.json'), JSON.stringify(changed));
  const result = spawnSync(process.execPath, [path.join(ext, 'scripts', 'settings.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /differ from docs\/settings\.schema\.json/);
  fs.writeFileSync(path.join(dir, 'docs', 'settings.schema.json'), JSON.stringify(schema));
  const same = spawnSync(process.execPath, [path.join(ext, 'scripts', 'settings.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(same.status, 0, same.stderr);
  const ok = spawnSync(process.execPath, [path.join(root, 'scripts', 'settings.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
});

test('every schema leaf is one VS Code setting with the schema default', async () => {
  const { schemaPath } = await generator;
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const section = manifest.contributes.configuration.find((s) => s.id === 'codemode.server-settings');
  assert.deepEqual(section.properties['codemode.limits.timeout'].default, schema.properties.limits.default.timeout);
  assert.equal(section.properties['codemode.limits.timeout'].type, 'string');
  assert.deepEqual(section.properties['codemode.runtimes.custom'].type, 'object');
  assert.equal(section.properties['codemode.runtimes.custom'].additionalProperties.required[0], 'module');
  for (const [key, value] of Object.entries(section.properties)) {
    // `codemode.group.key`, or a top-level map of its own (`codemode.mcpServers`).
    assert.match(key, /^codemode\.[a-z][A-Za-z]*(\.[A-Za-z]+)?$/);
    if (key.split('.').length === 2) assert.equal(value.type, 'object', `${key} is a map`);
    assert.ok(value.markdownDescription, `${key} has no description`);
  }
});

test('the settings object the extension sends is one the server accepts as a settings file', () => {
  const { extension, standin } = loadExtension();
  const get = (key) => standin.vscode.workspace.getConfiguration('codemode').get(key);
  const payload = extension.serverSettings(get);
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'settings.schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(payload).sort(), Object.keys(schema.properties).sort());
  assert.ok(['ai', 'grants', 'lenses', 'limits', 'model', 'runtimes'].every((k) => k in payload), Object.keys(payload).join());
  assert.equal(payload.model.provider, 'none');
  assert.equal(payload.limits.timeout, '10s');
  // `codemode --config FILE` reads the same object with unknown keys refused: a real check.
  const file = path.join(tempDir(), 'settings.json');
  fs.writeFileSync(file, JSON.stringify(payload));
  const run = spawnSync(bin, ['--config', file, 'run', '--lang', 'python', '-'], { input: 'print(6 * 7)\n', encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '42\n');
  fs.writeFileSync(file, JSON.stringify({ ...payload, server: { path: '/x' } }));
  const refused = spawnSync(bin, ['--config', file, 'run', '--lang', 'python', '-'], { input: 'print(1)\n', encoding: 'utf8' });
  assert.equal(refused.status, 2);
});

test("the extension's commands do not take the server's command ids", () => {
  // vscode-languageclient registers every command the server declares (codemode.run,
  // codemode.fix, codemode.generateTests) as a VS Code command; a contributed command with the
  // same id would make that registration fail.
  const { extension } = loadExtension();
  const server = Object.values(extension.SERVER_COMMANDS);
  assert.deepEqual(server.sort(), ['codemode.fix', 'codemode.generateTests', 'codemode.run']);
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual(contributed.filter((id) => server.includes(id)), []);
  for (const menu of Object.values(manifest.contributes.menus)) {
    for (const item of menu) assert.ok(contributed.includes(item.command), item.command);
  }
});
