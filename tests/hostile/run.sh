#!/usr/bin/env bash
# Imports every hostile file of a folder (tests/hostile/generate.py makes
# them) into a fresh workspace each, under a 4 GB address-space limit, and
# prints per file: exit status, seconds, peak RSS, events stored, rejections,
# and whether the valid events around the hostile part were stored.
#
#   tests/hostile/run.sh CLI HOSTILE_DIR [TIMEOUT_SECONDS]
set -uo pipefail
cli=$1
dir=$2
limit=${3:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-36s %5s %8s %9s %8s %8s %s\n' file exit seconds rss_mb events rejected valid
for f in "$dir"/*; do
    name=$(basename "$f")
    db="$work/$name.stackdeck"
    out="$work/$name.out"
    start=$(date +%s.%N)
    ( ulimit -v 4194304; /usr/bin/time -f '%M' -o "$work/rss" timeout "$limit" "$cli" import --db "$db" --json "$f" >"$out" 2>"$work/err" )
    code=$?
    end=$(date +%s.%N)
    rss=$(tail -1 "$work/rss" 2>/dev/null | grep -E '^[0-9]+$' || echo 0)
    events=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("events",0)+d.get("transactions",0))' "$out" 2>/dev/null || echo "?")
    rejected=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("rejected_count",len(d.get("rejected",[]))))' "$out" 2>/dev/null || echo "?")
    valid=$("$cli" events --db "$db" --json --limit 100000 2>/dev/null | grep -o 'hostile-valid-[a-z]*' | sort -u | tr '\n' ' ')
    printf '%-36s %5s %8.1f %9.0f %8s %8s %s\n' "$name" "$code" "$(echo "$end - $start" | bc)" "$(echo "$rss / 1024" | bc)" "$events" "$rejected" "$valid"
done
