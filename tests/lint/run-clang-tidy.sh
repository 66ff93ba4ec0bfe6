#!/bin/sh
# The .clang-tidy checks (bugprone, performance and a few modernize ones) over
# core/, by hand (about 15 minutes on two cores; not part of CI).
# Usage: tests/lint/run-clang-tidy.sh [BUILD_DIR]   (default build/dev, which
# exports compile_commands.json). Prints the findings; exits 1 when there are any.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build/dev}
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: configure first" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
git ls-files 'core/*.cpp' | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet \
    --extra-arg=-Wno-unknown-warning-option 2>/dev/null >"$out" || true
grep -E 'warning:|error:' "$out" | sort -u || true
count=$(grep -cE 'warning:|error:' "$out" || true)
echo "clang-tidy: ${count:-0} findings in core/"
[ "${count:-0}" -eq 0 ]
