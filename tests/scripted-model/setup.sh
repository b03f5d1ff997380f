#!/usr/bin/env bash
# Installs the official OpenAI and Anthropic Python SDKs (and pytest) into a venv of their own:
# ${CODEMODE_TOOLS_DIR:-<repo>/target/tools}/model-venv. Idempotent and quiet when done: it
# reinstalls only when requirements.txt changed. Prints the venv's path on stdout with --print.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${CODEMODE_TOOLS_DIR:-$root/target/tools}/model-venv"
stamp="$venv/.requirements.txt"

if ! { [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp"; }; then
  echo "== scripted model: installing the provider SDKs into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps -r "$here/requirements.txt" >&2
  if ! out="$("$venv/bin/python" -m pip check 2>&1)"; then
    echo "$out" >&2
    exit 1
  fi
  cp "$here/requirements.txt" "$stamp"
fi
if [ "${1:-}" = "--print" ]; then echo "$venv"; fi
