#!/usr/bin/env bash
# Builds the rhai-run test guest (a WASI preview 1 command, wasm32-wasip1) into
# target/guests/test/rhai-run.wasm, for server/runtimes/tests/custom_runtime.rs and the
# "bring your own runtime" example (codemode.json here). Needs: rustup target wasm32-wasip1.
# Idempotent; cargo does the incremental work.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/target/guests/test/rhai-run.wasm"

export CARGO_TARGET_DIR="$root/target/guests-build/rhai-run"

cargo build --quiet --release --locked --target wasm32-wasip1 --manifest-path "$here/Cargo.toml"

built="$CARGO_TARGET_DIR/wasm32-wasip1/release/rhai-run.wasm"
mkdir -p "$(dirname "$out")"
# Quiet when nothing changed; one line when the module was (re)built.
if ! cmp -s "$built" "$out"; then
  cp "$built" "$out"
  echo "rhai-run guest: $(du -k "$out" | cut -f1) KiB -> ${out#"$root"/}"
fi
