// Where the server binary comes from: the `codemode.server.path` setting, then
// `$CODEMODE_SERVER_PATH`, then a binary bundled in the extension (`server/codemode`), then
// `codemode` on `PATH`. Pure apart from looking at files, so the tests can drive it.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ServerLookup {
  /** The `codemode.server.path` setting (unexpanded). */
  setting: string | null | undefined;
  env: NodeJS.ProcessEnv;
  /** The extension's install directory. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder: string | undefined;
  platform?: NodeJS.Platform;
}

export type ServerSource = 'setting' | 'environment' | 'bundled' | 'PATH';

export interface FoundServer {
  path: string;
  source: ServerSource;
}

export class ServerNotFound extends Error {
  constructor(readonly tried: string[]) {
    super(
      `codemode: no server binary found (tried ${tried.join('; ')}). ` +
        'Install codemode, or set "codemode.server.path".',
    );
  }
}

function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'codemode.exe' : 'codemode';
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~`, `${workspaceFolder}`, `${userHome}`; relative paths are relative to the workspace. */
export function expand(value: string, workspaceFolder: string | undefined): string {
  let out = value.trim();
  if (out === '~' || out.startsWith('~/')) out = os.homedir() + out.slice(1);
  out = out.replace(/\$\{userHome\}/g, os.homedir());
  if (workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    if (!path.isAbsolute(out)) out = path.resolve(workspaceFolder, out);
  }
  return out;
}

export function findServer(lookup: ServerLookup): FoundServer {
  const platform = lookup.platform ?? process.platform;
  const tried: string[] = [];
  // An explicit choice that is wrong is an error, not a reason to fall back silently.
  const setting = lookup.setting?.trim();
  if (setting) {
    const file = expand(setting, lookup.workspaceFolder);
    if (isExecutable(file, platform)) return { path: file, source: 'setting' };
    throw new ServerNotFound([`codemode.server.path = ${file} (not an executable file)`]);
  }
  const fromEnv = lookup.env.CODEMODE_SERVER_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv, platform)) return { path: fromEnv, source: 'environment' };
    throw new ServerNotFound([`CODEMODE_SERVER_PATH = ${fromEnv} (not an executable file)`]);
  }
  const bundled = path.join(lookup.extensionPath, 'server', executableName(platform));
  if (isExecutable(bundled, platform)) return { path: bundled, source: 'bundled' };
  tried.push(`bundled ${bundled}`);
  const dirs = (lookup.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const file = path.join(dir, executableName(platform));
    if (isExecutable(file, platform)) return { path: file, source: 'PATH' };
  }
  tried.push('codemode on PATH');
  throw new ServerNotFound(tried);
}

/**
 * `codemode --version`: proves the binary runs before the language client starts it (a broken
 * install then gets its own error message instead of a dead pipe), and names the version.
 */
export function probeVersion(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['--version'], { env, timeout: 15000 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim() || error.message;
        reject(new Error(`codemode: \`${file} --version\` failed: ${detail}`));
        return;
      }
      resolve(stdout.trim());
    });
  });
}
