// End to end in a real VS Code: code-server with the packaged .vsix installed, driven by
// playwright-core in Debian's Chromium (headless). Opens a Python file with a failing function,
// waits for codemode's "▶ Run" lenses, clicks the one of the failing function, and waits for
// the lens, the end-of-line summary and the error squiggle; then takes a screenshot.
// Slow (code-server needs Node 24 and a ~600 MB install): `editors/test.sh code-server`
// installs what it needs and runs this; it is not part of the default test run.
//
//   node e2e/code-server.mjs --code-server BIN --vsix FILE --server CODEMODE
//        [--screenshot PNG] [--playwright-from DIR/package.json]
//
// Prints `code-server: N passed, N failed`; exit code 0 only when all passed.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    'code-server': { type: 'string' },
    vsix: { type: 'string' },
    server: { type: 'string' },
    screenshot: { type: 'string' },
    'playwright-from': { type: 'string' },
  },
});
for (const name of ['code-server', 'vsix', 'server']) {
  if (!opts[name]) {
    process.stderr.write(`code-server.mjs: --${name} is required\n`);
    process.exit(2);
  }
}
const require = createRequire(opts['playwright-from'] ?? import.meta.url);
const { chromium } = require('playwright-core');

let passed = 0;
let failed = 0;
const check = (cond, what, detail) => {
  if (cond) {
    passed += 1;
    process.stdout.write(`ok - ${what}\n`);
  } else {
    failed += 1;
    process.stdout.write(`FAILED - ${what}${detail ? `: ${detail}` : ''}\n`);
  }
  return cond;
};

const tmp = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'codemode-code-server-'));
const userData = join(tmp, 'user-data');
const extensions = join(tmp, 'extensions');
const workspace = join(tmp, 'workspace');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(workspace);
writeFileSync(
  join(workspace, 'report.py'),
  [
    'def report():',
    '    print("computing the report")',
    '    total = sum([1, 2, 3]) / 0',
    '    return total',
    '',
    '',
    'def area():',
    '    r = 2',
    '    return round(3.14159 * r * r, 2)',
    '',
  ].join('\n'),
);
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'codemode.server.path': opts.server,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Light Modern',
  }),
);
const env = {
  ...process.env,
  // Also the lookup's second source: on the first start after code-server is installed, its
  // extension host was seen not to get User/settings.json (twice, then never again).
  CODEMODE_SERVER_PATH: opts.server,
  HOME: tmp,
  XDG_CONFIG_HOME: join(tmp, 'config'),
  XDG_DATA_HOME: join(tmp, 'data'),
  XDG_STATE_HOME: join(tmp, 'state'),
  XDG_CACHE_HOME: join(tmp, 'cache'),
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
const install = spawnSync(opts['code-server'], [...common, '--install-extension', opts.vsix], {
  env,
  encoding: 'utf8',
  timeout: 120000,
});
check(
  install.status === 0 && /successfully installed/i.test(install.stdout + install.stderr),
  'code-server --install-extension codemode.vsix',
  (install.stdout + install.stderr).trim(),
);

const port = await freePort();
const server = spawn(
  opts['code-server'],
  [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);

let browser;
try {
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }); // (a fresh, temporary profile: playwright's default)
  const page = await browser.newPage({ viewport: { width: 1200, height: 640 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  check(true, 'the workbench loads');

  // Open report.py from the explorer.
  const entry = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'report.py' });
  await entry.waitFor({ timeout: 60000 });
  await entry.click();
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30000 });

  const lenses = page.locator('.codelens-decoration a');
  const found = await page
    .locator('.codelens-decoration a', { hasText: '▶ Run' })
    .first()
    .waitFor({ timeout: 120000 })
    .then(() => true, () => false);
  check(found, 'the "▶ Run" code lenses appear (extension active, server started)');
  if (!found && opts.screenshot) {
    await page.screenshot({ path: opts.screenshot.replace(/\.png$/, '') + '-failed.png' });
  }
  if (found) {
    // The first line has "▶ Run file" and "▶ Run" (the function report).
    await page.locator('.codelens-decoration a', { hasText: /^▶ Run$/ }).first().click();
    const shown = await page
      .locator('.codelens-decoration a', { hasText: 'ZeroDivisionError' })
      .first()
      .waitFor({ timeout: 60000 })
      .then(() => true, () => false);
    check(shown, 'clicking the lens runs the function; the lens shows the failure',
      (await lenses.allInnerTexts()).join(' | '));
    const squiggles = await page
      .locator('.squiggly-error')
      .first()
      .waitFor({ timeout: 20000 })
      .then(() => true, () => false);
    check(squiggles, 'the failing line has an error squiggle (a diagnostic)');
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll('.view-lines span')].some((s) =>
        getComputedStyle(s, '::after').content.includes('ZeroDivisionError'),
      ),
    );
    check(inline, 'the summary is shown at the end of the line');
  }
  if (opts.screenshot && failed === 0) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(500);
    await page.screenshot({ path: opts.screenshot });
  }
} catch (error) {
  check(false, 'code-server end to end', `${error.stack}\n${serverLog.slice(-4000)}`);
} finally {
  if (browser) await browser.close();
  stop();
  if (failed > 0 || process.env.CODEMODE_E2E_KEEP) {
    process.stdout.write(`(kept ${tmp} for inspection)\n`);
  } else {
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.stdout.write(`code-server: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
