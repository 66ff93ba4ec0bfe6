#!/bin/sh
# Redaction findings per detector over the SDK corpus (../shared/corpus/sdk):
# imports it into a throw-away workspace and runs `redact-scan --all`.
# usage: tests/bench/redact-corpus.sh [CLI] [CORPUS_SDK_DIR]
set -eu
cli=${1:-build/dev/app/stackdeck-cli}
corpus=${2:-../shared/corpus/sdk}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cli" import --db "$dir/sdk.stackdeck" "$corpus/received" >/dev/null 2>&1 || true
"$cli" redact-scan --db "$dir/sdk.stackdeck" --all
