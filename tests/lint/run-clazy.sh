#!/bin/sh
# Qt-specific checks (clazy, Debian package `clazy`) over ui/ and app/gui, by
# hand: clazy's default level0 and level1 checks on the files the dev build
# compiles (build/dev/compile_commands.json). Prints every warning and a count.
# Usage: tests/lint/run-clazy.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/dev}
command -v clazy-standalone >/dev/null || { echo "clazy-standalone not found (apt-get install clazy)" >&2; exit 2; }
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: configure first" >&2; exit 2; }
files=$(cd "$root" && git ls-files 'ui/*.cpp' 'app/gui/*.cpp')
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in $files; do
    # GCC-only flags of the dev preset are unknown to clang: do not let them stop it.
    clazy-standalone -p "$build" --checks=level0,level1 --extra-arg=-Wno-unknown-warning-option \
        --extra-arg=-Wno-error "$root/$f" 2>&1 | grep -E 'warning: .*\[-Wclazy' >>"$out" || true
done
sort -u "$out"
echo "clazy: $(sort -u "$out" | wc -l) warnings in $(echo "$files" | wc -w) files"
