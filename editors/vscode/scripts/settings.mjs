// The extension's server settings (`contributes.configuration`, the section with id
// `codemode.server-settings`) are generated from the server's JSON Schema,
// docs/settings.schema.json, itself generated from the Rust `Settings` type. So the settings
// VS Code shows cannot drift from what the server accepts:
//
//   node scripts/settings.mjs --write   regenerate package.json after the schema changed
//   node scripts/settings.mjs --check   exit 1 when package.json differs (the tests run this)
//
// Each leaf of the schema becomes one VS Code setting `codemode.<path>` (`codemode.limits.timeout`);
// objects with free-form keys (`runtimes.custom`) stay one object-valued setting. The extension
// sends every setting of this section, nested back into the settings object, as
// `initializationOptions` and on `workspace/didChangeConfiguration`.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const manifestPath = join(here, '..', 'package.json');
export const schemaPath = join(here, '..', '..', '..', 'docs', 'settings.schema.json');
export const SECTION_ID = 'codemode.server-settings';

/** Resolves `$ref`s against the schema's `$defs`, recursively, for VS Code (draft 7 reader). */
function inline(schema, defs, seen = []) {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, defs, seen));
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    if (!(name in defs)) throw new Error(`settings schema: unknown $ref ${schema.$ref}`);
    if (seen.includes(name)) throw new Error(`settings schema: recursive $ref ${schema.$ref}`);
    const { $ref: _ref, ...rest } = schema;
    return inline({ ...defs[name], ...rest }, defs, [...seen, name]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' || key === 'examples') continue; // not understood by VS Code
    if (key === 'prefixItems') {
      // JSON Schema 2020-12 tuples → draft 7 tuples, which VS Code's validator reads.
      out.items = inline(value, defs, seen);
      continue;
    }
    out[key] = inline(value, defs, seen);
  }
  return out;
}

function isGroup(schema) {
  return schema.type === 'object' && schema.properties && schema.additionalProperties === false;
}

/** The `properties` of the generated configuration section, in schema order. */
export function generate(schema) {
  const defs = schema.$defs ?? {};
  const root = inline({ ...schema, $defs: undefined }, defs);
  const properties = {};
  let order = 0;
  const walk = (node, path, parentDefault) => {
    for (const [name, raw] of Object.entries(node.properties)) {
      const key = [...path, name];
      const def = raw.default !== undefined ? raw.default : parentDefault?.[name];
      if (isGroup(raw)) {
        walk(raw, key, def);
        continue;
      }
      const { description, default: _default, title: _title, ...rest } = raw;
      const setting = { ...rest };
      if (def !== undefined) setting.default = def;
      if (description) setting.markdownDescription = description.replace(/\\([[\]])/g, '$1');
      setting.order = order++;
      properties[`codemode.${key.join('.')}`] = setting;
    }
  };
  if (!isGroup(root)) throw new Error('settings schema: the root is not an object of settings');
  walk(root, [], root.default);
  return properties;
}

export function section(schema) {
  return {
    id: SECTION_ID,
    title: 'Sandbox (server settings)',
    properties: generate(schema),
  };
}

/** The manifest with its generated section replaced (or added first). */
export function updated(manifest, schema) {
  const sections = [...(manifest.contributes?.configuration ?? [])];
  const index = sections.findIndex((s) => s.id === SECTION_ID);
  if (index === -1) sections.unshift(section(schema));
  else sections[index] = section(schema);
  return { ...manifest, contributes: { ...manifest.contributes, configuration: sections } };
}

export function format(manifest) {
  return JSON.stringify(manifest, null, 2) + '\n';
}

function main(mode) {
  const manifestText = readFileSync(manifestPath, 'utf8');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const expected = format(updated(JSON.parse(manifestText), schema));
  if (mode === '--write') {
    if (expected !== manifestText) writeFileSync(manifestPath, expected);
    return 0;
  }
  if (mode === '--check') {
    if (expected === manifestText) return 0;
    process.stderr.write(
      'editors/vscode/package.json: the server settings differ from docs/settings.schema.json;\n' +
        'run `node editors/vscode/scripts/settings.mjs --write`\n',
    );
    return 1;
  }
  process.stderr.write('usage: settings.mjs --write | --check\n');
  return 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv[2]);
}
