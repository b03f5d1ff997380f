// The server's settings object, built from the VS Code settings of the generated section
// (`codemode.server-settings` in package.json, generated from docs/settings.schema.json):
// `codemode.limits.timeout` → `{ limits: { timeout } }`. Only the settings the user set are
// sent: the server merges them over its own defaults and over a settings file given with
// `codemode.server.args` (`--config FILE`), which VS Code's defaults must not mask.

import manifest from '../package.json';

export const SERVER_SECTION_ID = 'codemode.server-settings';

interface Section {
  id?: string;
  properties: Record<string, unknown>;
}

/** The VS Code keys (`codemode.limits.timeout`) of the server's settings. */
export function serverSettingKeys(): string[] {
  const sections = manifest.contributes.configuration as Section[];
  const section = sections.find((s) => s.id === SERVER_SECTION_ID);
  if (section === undefined) throw new Error(`package.json has no ${SERVER_SECTION_ID} section`);
  return Object.keys(section.properties);
}

/**
 * `get` reads a key relative to `codemode` (`limits.timeout`) and returns undefined for a
 * setting the user did not set; `keys` limits the result to those VS Code keys.
 */
export function serverSettings(
  get: (key: string) => unknown,
  keys: string[] = serverSettingKeys(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const parts = key.split('.').slice(1);
    const value = get(parts.join('.'));
    if (value === undefined) continue;
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      }
    }
    const last = parts[parts.length - 1];
    if (last !== undefined) node[last] = value;
  }
  return out;
}
