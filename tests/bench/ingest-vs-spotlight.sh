#!/usr/bin/env bash
# Issue #19 throughput bar: the same ingestbench load (typical SDK envelopes from
# shared/corpus/sdk, gzip'd, keep-alive clients) against `stackdeck-cli serve`
# (stored durably before each 200) and against Spotlight's sidecar (npm
# @spotlightjs/spotlight, in memory only), one after the other in the same run.
# Spotlight is measured twice: its CLI sidecar as shipped, and the same server
# through the package's setupSpotlight() export, without the CLI's telemetry
# (below). Not part of CI.
#
#   tests/bench/ingest-vs-spotlight.sh
#
# Environment:
#   EVENTS=20000 CONCURRENCY=8   the load (both servers get the same)
#   STACKDECK_BUILD=build/dev    where stackdeck-cli and ingestbench are
#   SPOTLIGHT_VERSION=4.11.8     the npm version installed into a temp folder
#   SPOTLIGHT_DIR=DIR            an existing install (DIR/node_modules/@spotlightjs/spotlight)
#   SKIP_INSTALL=1               no npm install: needs SPOTLIGHT_DIR
#
# Two things about Spotlight that the script works around, and why:
# - @spotlightjs/spotlight 4.11.8 declares "hono": "^4.12.21" but was bundled
#   against hono 4.12.25; with hono 4.13 (what npm resolves today) its request
#   middleware calls ctx.req.query().toString() on a null-prototype object and
#   every request answers 500. The install pins hono 4.12.25 (npm overrides).
# - Its CLI reports its own telemetry to sentry.io (a DSN hard-wired in
#   dist/instrument.js, tracesSampleRate 1). To keep everything on loopback, all
#   measurements run in a network namespace that has only a loopback device
#   (`unshare -n`, needs root); without one the script stops rather than let
#   Spotlight reach the network.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${STACKDECK_BUILD:-$ROOT/build/dev}"
CLI="$BUILD/app/stackdeck-cli"
BENCH="$BUILD/tests/bench/ingestbench"
EVENTS="${EVENTS:-20000}"
CONCURRENCY="${CONCURRENCY:-8}"
SPOTLIGHT_VERSION="${SPOTLIGHT_VERSION:-4.11.8}"

log() { printf 'ingest-vs-spotlight: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# --------------------------------------------------------------------------
# inside the loopback-only namespace: the two measurements
# --------------------------------------------------------------------------
measure() { # TMP SPOTLIGHT_DIR
  local tmp="$1" spot="$2"
  STARTED=()
  stop_started() {
    local pid
    for pid in "${STARTED[@]}"; do
      kill -TERM "$pid" 2>/dev/null || true
    done
  }
  trap stop_started EXIT
  ip link set lo up

  wait_for() { # seconds command...
    local i=0 limit=$(($1 * 10))
    shift
    until "$@" >/dev/null 2>&1; do
      i=$((i + 1))
      [ "$i" -le "$limit" ] || return 1
      sleep 0.1
    done
  }

  # 1. stackdeck-cli serve
  local db="$tmp/bench.stackdeck"
  "$CLI" serve --db "$db" >"$tmp/serve.out" 2>"$tmp/serve.err" &
  local serve_pid=$!
  STARTED+=("$serve_pid")
  wait_for 30 test -s "$tmp/serve.out" || die "serve did not start: $(cat "$tmp/serve.err")"
  local dsn
  dsn="$(head -1 "$tmp/serve.out")"
  log "stackdeck-cli serve: $dsn"
  local serve_rc=0
  "$BENCH" --events "$EVENTS" --concurrency "$CONCURRENCY" --dsn "$dsn" >"$tmp/bench-serve.txt" || serve_rc=$?
  kill -TERM "$serve_pid"
  local serve_exit=0
  wait "$serve_pid" || serve_exit=$?
  [ "$serve_exit" -eq 0 ] || die "serve exited with $serve_exit after SIGTERM: $(cat "$tmp/serve.err")"
  local stored
  stored="$("$CLI" events --db "$db" --json --limit $((EVENTS * 2)) | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

  # 2. Spotlight's sidecar, twice: its CLI as shipped (which traces every request it serves for its
  # own telemetry, tracesSampleRate 1), and the same server started through the package's
  # setupSpotlight() export, where that telemetry is not initialised. The namespace is fresh:
  # the ports are free.
  spotlight() { # name port command...
    local name="$1" port="$2"
    shift 2
    "$@" >"$tmp/$name.log" 2>&1 &
    local pid=$!
    STARTED+=("$pid")
    wait_for 60 curl -sf "http://127.0.0.1:$port/health" || die "Spotlight ($name) did not start: $(tail -20 "$tmp/$name.log")"
    log "spotlight ($name): http://127.0.0.1:$port (pid $pid)"
    local rc=0
    "$BENCH" --events "$EVENTS" --concurrency "$CONCURRENCY" --dsn "http://spotlight@127.0.0.1:$port/1" \
      >"$tmp/bench-$name.txt" || rc=$?
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    [ "$rc" -eq 0 ] || echo "note: ingestbench reported failed requests against Spotlight ($name), status $rc" >>"$tmp/bench-$name.txt"
  }
  spotlight cli 8969 node "$spot/node_modules/@spotlightjs/spotlight/dist/run.js" server --port 8969
  spotlight lib 8970 env -C "$spot" node --input-type=module \
    -e 'import { setupSpotlight } from "@spotlightjs/spotlight"; await setupSpotlight({ port: 8970, isStandalone: true });'

  echo "== stackdeck-cli serve (stored in a workspace, 200 after the commit)"
  cat "$tmp/bench-serve.txt"
  echo "stored:    $stored events in the workspace after SIGTERM ($(tail -1 "$tmp/serve.err"))"
  echo "== Spotlight sidecar $SPOTLIGHT_VERSION, its CLI as shipped (in memory)"
  cat "$tmp/bench-cli.txt"
  echo "== Spotlight sidecar $SPOTLIGHT_VERSION, setupSpotlight() without its own telemetry (in memory)"
  cat "$tmp/bench-lib.txt"
  echo "== summary (envelopes/s, p50, p99)"
  row() { # label file
    printf '%-30s %s, %s\n' "$1" "$(sed -n 's/^accepted: .*= \([0-9]*\) envelopes\/s/\1 env\/s/p' "$2")" \
      "$(sed -n 's/^latency: *p50 \([0-9.]* ms\), p99 \([0-9.]* ms\).*/p50 \1, p99 \2/p' "$2")"
  }
  row "stackdeck serve:" "$tmp/bench-serve.txt"
  row "spotlight CLI sidecar:" "$tmp/bench-cli.txt"
  row "spotlight setupSpotlight():" "$tmp/bench-lib.txt"
  local accepted
  accepted="$(sed -n 's/^accepted: *\([0-9]*\) .*/\1/p' "$tmp/bench-serve.txt")"
  if [ "$serve_rc" -ne 0 ] || [ "$stored" != "$accepted" ]; then
    echo "FAIL: stackdeck serve: ingestbench status $serve_rc, $accepted accepted, $stored stored"
    return 1
  fi
  echo "PASS: stackdeck serve stored every accepted envelope ($stored)"
}

if [ "${1:-}" = "__measure" ]; then
  measure "$2" "$3"
  exit $?
fi

# --------------------------------------------------------------------------
# outside: install Spotlight into a temp folder, then measure in the namespace
# --------------------------------------------------------------------------
[ -x "$CLI" ] || die "$CLI missing: build the stackdeck-cli target"
[ -x "$BENCH" ] || die "$BENCH missing: build the ingestbench target"
command -v node >/dev/null || die "node not found"
command -v curl >/dev/null || die "curl not found"
[ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null \
  || die "no loopback-only network namespace (unshare -n needs root): Spotlight would send its telemetry to sentry.io"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ingest-vs-spotlight.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

SPOT="${SPOTLIGHT_DIR:-$TMP/spotlight}"
if [ -z "${SPOTLIGHT_DIR:-}" ]; then
  [ "${SKIP_INSTALL:-0}" != "1" ] || die "SKIP_INSTALL=1 needs SPOTLIGHT_DIR (an existing install)"
  mkdir -p "$SPOT"
  cat >"$SPOT/package.json" <<EOF
{"name": "ingest-vs-spotlight", "private": true,
 "dependencies": {"@spotlightjs/spotlight": "$SPOTLIGHT_VERSION"},
 "overrides": {"hono": "4.12.25"}}
EOF
  log "npm install @spotlightjs/spotlight@$SPOTLIGHT_VERSION (hono 4.12.25) into $SPOT"
  (cd "$SPOT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
[ -f "$SPOT/node_modules/@spotlightjs/spotlight/dist/run.js" ] || die "no Spotlight in $SPOT/node_modules"

unshare -n bash "${BASH_SOURCE[0]}" __measure "$TMP" "$SPOT"
