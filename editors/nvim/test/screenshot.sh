#!/usr/bin/env bash
# Takes the README's Neovim "screenshot": a real Neovim 0.11 with the plugin in tmux
# (100x22), `:Codemode run` on two functions, then `tmux capture-pane` (text).
#
#   editors/nvim/test/screenshot.sh > docs/screenshots/nvim.txt
#
# Needs tmux, the e2e venv (tests/e2e/setup.sh) and ${CODEMODE_BIN:-target/debug/codemode}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
bin="$(realpath "${CODEMODE_BIN:-$root/target/debug/codemode}")"
venv="$("$root/tests/e2e/setup.sh" --print)"
tmp="$(mktemp -d)"
socket="codemode-shot-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/project"
cat >"$tmp/project/report.py" <<'PY'
def report():
    print("computing the report")
    total = sum([1, 2, 3]) / 0
    return total


def area():
    r = 2
    return round(3.14159 * r * r, 2)
PY
cat >"$tmp/init.lua" <<LUA
vim.g.codemode_server_path = '$bin'
vim.opt.rtp:prepend('$root/editors/nvim')
vim.o.swapfile = false
vim.o.shada = ''
LUA
export XDG_CONFIG_HOME="$tmp/c" XDG_DATA_HOME="$tmp/d" XDG_STATE_HOME="$tmp/s" XDG_CACHE_HOME="$tmp/k"
export CODEMODE_CACHE_DIR="${CODEMODE_CACHE_DIR:-$root/target/test-cache}"
keys() { tmux -L "$socket" send-keys "$@"; }
tmux -L "$socket" new-session -d -x 100 -y 22 -c "$tmp/project" \
  "$venv/bin/nvim-real -u $tmp/init.lua report.py"
sleep 2
keys ":8" Enter ":Codemode run" Enter
sleep 4
keys "j"
sleep 1
keys ":3" Enter ":Codemode run" Enter
sleep 3
tmux -L "$socket" capture-pane -p -t 0
