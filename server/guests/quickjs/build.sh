#!/usr/bin/env bash
# Builds the QuickJS guest component (wasm32-wasip2) into target/guests/quickjs.wasm.
# Needs: rustup target wasm32-wasip2, and Debian's clang-19, lld-19, llvm-19, wasi-libc and
# libclang-rt-19-dev-wasm32 (rquickjs-sys compiles QuickJS's C with them instead of
# downloading wasi-sdk). Idempotent; cargo does the incremental work.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/target/guests/quickjs.wasm"

export CARGO_TARGET_DIR="$root/target/guests-build/quickjs"
export RQUICKJS_SYS_NO_WASI_SDK=1
export CC_wasm32_wasip2="${CC_wasm32_wasip2:-clang-19}"
export AR_wasm32_wasip2="${AR_wasm32_wasip2:-llvm-ar-19}"
export CFLAGS_wasm32_wasip2="${CFLAGS_wasm32_wasip2:--isystem /usr/include/wasm32-wasi -O3}"
# A 1 MiB shadow stack (the C stack in linear memory): QuickJS's limit (engine.rs) sits below it
# so that deep recursion raises a RangeError instead of trapping.
export CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS="-C link-arg=-zstack-size=1048576"

cargo build --quiet --release --locked --target wasm32-wasip2 --manifest-path "$here/Cargo.toml"

built="$CARGO_TARGET_DIR/wasm32-wasip2/release/codemode_quickjs_guest.wasm"
mkdir -p "$(dirname "$out")"
# Quiet when nothing changed; one line when the component was (re)built.
if ! cmp -s "$built" "$out"; then
  cp "$built" "$out"
  echo "quickjs guest: $(du -k "$out" | cut -f1) KiB -> ${out#"$root"/}"
fi
