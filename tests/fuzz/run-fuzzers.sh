#!/usr/bin/env bash
# Builds the libFuzzer harnesses (the `fuzz` preset: clang-14, ASan + UBSan)
# and runs each one, one after another, for SECONDS seconds (default 600).
# Not part of CI: run by hand, the figures go in a note.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [HARNESS...]
#   tests/fuzz/run-fuzzers.sh 600                      # all four, 10 minutes each
#   tests/fuzz/run-fuzzers.sh 60 fuzz_query            # one
#   FUZZ_NO_BUILD=1 tests/fuzz/run-fuzzers.sh ...      # reuse build/fuzz as it is
#   STACKDECK_FUZZ_QUERY_SKIP_NUL=1 ...                # fuzz_query: look past the open NUL finding
#
# Seeds come straight from the shared corpus (../shared/corpus or
# $STACKDECK_CORPUS_DIR), never copied into the checkout. What the fuzzer
# learns goes to build/fuzz/corpus/<harness> (the first, writable corpus
# directory); crashes, timeouts and OOMs to build/fuzz/findings/<harness>.
# Each finding worth keeping becomes tests/fuzz/regressions/<harness>/<name>,
# which tst_fuzzregressions replays.
#
# The runs are niced and single-process (-fork=1, so a crash or timeout is
# recorded and fuzzing goes on): the machine is shared.
set -euo pipefail

seconds=${1:-600}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_records fuzz_decoder fuzz_query fuzz_grouping)

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir="$source_dir/build/fuzz"
corpus=${STACKDECK_CORPUS_DIR:-$source_dir/../shared/corpus}
[ -d "$corpus/samples" ] || { echo "shared corpus not found at $corpus (set STACKDECK_CORPUS_DIR)" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)

# What the preset needs beyond the normal build dependencies.
need=()
for pkg in clang-14 libclang-rt-14-dev jq; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${need[@]}"
fi
"$source_dir/packaging/install-deps.sh"

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    (cd "$source_dir" && cmake --preset fuzz >/dev/null)
    nice -n 19 cmake --build "$build_dir" -j"${FUZZ_BUILD_JOBS:-1}" --target "${harnesses[@]}"
fi

# Grouping cases wrap the event in {"input": ...}: the grouping harness gets the events themselves.
seeds="$build_dir/seeds"
rm -rf "$seeds" && mkdir -p "$seeds/grouping-cases" "$seeds/query"
for case in "$corpus"/grouping/cases/*.json; do
    jq -c '.input' "$case" >"$seeds/grouping-cases/$(basename "$case")"
done
n=0
while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    printf '%s' "$line" >"$seeds/query/seed-$n"
done <"$here/query-seeds.txt"

seed_dirs() {
    case "$1" in
    fuzz_records | fuzz_decoder)
        echo "$corpus/samples $corpus/envelopes $corpus/sdk/received $corpus/events-extra $corpus/api-examples" ;;
    fuzz_grouping)
        echo "$seeds/grouping-cases $corpus/samples $corpus/sdk/received $corpus/events-extra" ;;
    fuzz_query)
        echo "$seeds/query" ;;
    esac
}
dict_for() {
    case "$1" in
    fuzz_query) echo "$here/query.dict" ;;
    *) echo "$here/sentry.dict" ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

summary=()
for harness in "${harnesses[@]}"; do
    work="$build_dir/corpus/$harness"
    findings="$build_dir/findings/$harness"
    log="$build_dir/logs/$harness.log"
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    echo "== $harness: ${seconds}s, log $log"
    # shellcheck disable=SC2046
    nice -n 19 "$build_dir/tests/fuzz/$harness" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
        -dict="$(dict_for "$harness")" -artifact_prefix="$findings/" -print_final_stats=1 \
        "$work" $(seed_dirs "$harness") >"$log" 2>&1 || true
    last=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -n 1 || true)
    execs=$(sed -E -n 's/^#([0-9]+):.*/\1/p' <<<"$last")
    elapsed=$(sed -E -n 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")
    cov=$(sed -E -n 's/.*cov: ([0-9]+) .*/\1/p' <<<"$last")
    ft=$(sed -E -n 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")
    counts=$(sed -E -n 's|.*oom/timeout/crash: ([0-9/]+).*|\1|p' <<<"$last")
    corpus_size=$(find "$work" -type f | wc -l)
    artifacts=$(find "$findings" -type f | wc -l)
    rate=$([ -n "$execs" ] && [ -n "$elapsed" ] && [ "$elapsed" -gt 0 ] && echo $((execs / elapsed)) || echo "?")
    line="$harness: ${elapsed:-?}s, ${execs:-?} execs (${rate}/s), cov ${cov:-?}, ft ${ft:-?}, corpus $corpus_size,"
    line+=" oom/timeout/crash ${counts:-?}, $artifacts artifact(s) in $findings"
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
