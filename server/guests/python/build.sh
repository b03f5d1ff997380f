#!/usr/bin/env bash
# Builds the CPython guest component: target/guests/python.wasm.
#
# Installs componentize-py (and the tzdata package, the time zone database it bundles) into a
# venv under ${CODEMODE_TOOLS_DIR:-<repo>/target/tools} when missing, then snapshots
# codemode_guest.component with it. Does nothing, silently, when the output is newer than every
# input. Environment: CODEMODE_TOOLS_DIR (tools location), PYTHON (interpreter for the venv).
set -euo pipefail

guest_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$guest_dir/../../.." && pwd)"
wit_dir="$repo/server/guests/wit"
tools_dir="${CODEMODE_TOOLS_DIR:-$repo/target/tools}"
venv="$tools_dir/venv"
out_dir="$repo/target/guests"
out="$out_dir/python.wasm"

# Pinned tools: the interpreter inside the component (CPython 3.14) comes with componentize-py.
requirements=(componentize-py==0.25.1 tzdata==2026.6)
stamp="$venv/.codemode-requirements"

notes=()
if [[ ! -x "$venv/bin/componentize-py" || "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" >"$stamp"
  notes+=("tools installed in ${venv#"$repo"/}")
fi

# Up to date when no input (WIT, guest sources, this script, the pinned tools) is newer.
if [[ -f "$out" ]] && [[ -z "$(find "$wit_dir" "$guest_dir" "$stamp" \
      \( -name '*.wit' -o -name '*.py' -o -name build.sh -o -name .codemode-requirements \) \
      ! -name 'test_*' ! -path '*/__pycache__/*' -newer "$out" -print -quit)" ]]; then
  exit 0
fi

mkdir -p "$out_dir"
trap 'rm -f "$out.tmp"' EXIT
started=$SECONDS
# VIRTUAL_ENV makes componentize-py look for modules in the tools venv (for tzdata) instead of
# in whatever site-packages the machine's own Python has.
(
  cd "$guest_dir"
  env -u PYTHONPATH -u PYTHONHOME VIRTUAL_ENV="$venv" \
    "$venv/bin/componentize-py" -q -d "$wit_dir" -w runtime componentize \
    -p "$guest_dir" codemode_guest.component -o "$out.tmp"
)
mv "$out.tmp" "$out"
size_mb="$(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.1f", b / 1048576 }')"
notes+=("${size_mb} MiB" "$((SECONDS - started)) s")
summary="$(printf '%s, ' "${notes[@]}")"
echo "python guest: built ${out#"$repo"/} (${summary%, })"
