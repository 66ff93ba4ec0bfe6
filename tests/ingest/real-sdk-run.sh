#!/usr/bin/env bash
# Issue #19 bar: the REAL Sentry SDKs (Debian's python3-sentry-sdk, @sentry/node
# from npm) against `stackdeck-cli serve`, driven exactly as
# ../shared/tools/sdk-corpus/generate.sh drives them against its capture sink
# (same services, same generator runs, same order), then every event,
# transaction, trace and service span the generators report in their ground
# truth is looked up in the workspace, and the grouping is compared with the
# truth's group labels: a merge or split that the stored events' grouping inputs
# explain (compare_truth.py: the same custom fingerprint, a stack differing only
# where Sentry's rules leave it out) is printed as expected; only the others
# FAIL. Not part of CI.
#
#   tests/ingest/real-sdk-run.sh
#
# Environment:
#   SDK_CORPUS_TOOLS=DIR    the shared generators (default: ../shared/tools/sdk-corpus
#                           next to this checkout); run from a temp copy, never modified
#   STACKDECK_BUILD=DIR     where stackdeck-cli is (default build/dev)
#   SKIP_INSTALL=1          no apt-get / npm: needs the Debian packages and
#                           SDK_CORPUS_TOOLS/node_modules
#   SYSTEM_PYTHON=PATH      the interpreter of python3-sentry-sdk (default /usr/bin/python3)
#   KEEP_WORK=1             keep the temp folder (workspace, logs, truth, JSON dumps)
#
# The generators hard-wire the sink's DSN (http://publickey@127.0.0.1:<--sink-port>/1).
# The port is passed as generate.sh passes it (--sink-port, here serve's port);
# the key and project id of serve's DSN reach sentry_sdk.init / Sentry.init through
# with_dsn.py and with-dsn.cjs (STACKDECK_DSN), which change nothing else.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TOOLS="${SDK_CORPUS_TOOLS:-$ROOT/../shared/tools/sdk-corpus}"
BUILD="${STACKDECK_BUILD:-$ROOT/build/dev}"
CLI="$BUILD/app/stackdeck-cli"
PY="${SYSTEM_PYTHON:-/usr/bin/python3}"
APT_PACKAGES=(python3 python3-sentry-sdk python3-flask python3-requests python3-werkzeug)

log() { printf 'real-sdk-run: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

[ -f "$TOOLS/generate.sh" ] && [ -f "$TOOLS/gen_python.py" ] && [ -f "$TOOLS/gen_node.js" ] \
  || die "no sdk-corpus generators in $TOOLS (set SDK_CORPUS_TOOLS)"
TOOLS="$(cd "$TOOLS" && pwd)"
[ -x "$CLI" ] || die "$CLI missing: build the stackdeck-cli target"

# --------------------------------------------------------------------------
# install (as generate.sh does, but npm ci into the temp copy)
# --------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) for: $*"
  fi
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/real-sdk-run.XXXXXX")"
STARTED_PIDS=()
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping leftover process $pid"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  if [ "${KEEP_WORK:-0}" = "1" ]; then
    log "work folder kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

APP="$WORK/app"
mkdir -p "$APP" "$WORK/truth"
cp "$TOOLS/gen_python.py" "$TOOLS/gen_node.js" "$TOOLS/package.json" "$TOOLS/package-lock.json" "$APP/"
[ -f "$TOOLS/.npmrc" ] && cp "$TOOLS/.npmrc" "$APP/"

if [ "${SKIP_INSTALL:-0}" != "1" ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  command -v npm >/dev/null 2>&1 || die "npm not found (generate.sh needs node >= 20.19 and npm)"
  log "npm ci (@sentry/node, express) in $APP"
  (cd "$APP" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
else
  [ -d "$TOOLS/node_modules/@sentry/node" ] || die "SKIP_INSTALL=1 but $TOOLS/node_modules is missing"
  cp -a "$TOOLS/node_modules" "$APP/"
fi
command -v node >/dev/null 2>&1 || die "node not found"
"$PY" -c 'import sentry_sdk, flask, requests' 2>/dev/null || die "$PY cannot import sentry_sdk/flask/requests"
PY_SDK_VERSION="$("$PY" -c 'import sentry_sdk; print(sentry_sdk.VERSION)')"
NODE_SDK_VERSION="$(cd "$APP" && node -p 'require("@sentry/node").SDK_VERSION')"
log "python sentry-sdk $PY_SDK_VERSION, node $(node -p 'process.versions.node') @sentry/node $NODE_SDK_VERSION"

# --------------------------------------------------------------------------
# run: serve, then the services and generators as generate.sh runs them
# --------------------------------------------------------------------------
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
export PYTHONDONTWRITEBYTECODE=1

wait_for_file() { # path seconds
  local i=0 limit=$(($2 * 10))
  while [ ! -s "$1" ]; do
    i=$((i + 1))
    [ "$i" -le "$limit" ] || return 1
    sleep 0.1
  done
}
wait_pid() { # pid seconds -> 0 if it exited in time
  local i=0 limit=$(($2 * 10))
  while kill -0 "$1" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -le "$limit" ] || return 1
    sleep 0.1
  done
}
post() { # url
  "$PY" - "$1" <<'EOF' || true
import sys, urllib.request
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"", method="POST"), timeout=10).read()
except Exception as exc:
    print("real-sdk-run: POST %s failed: %s" % (sys.argv[1], exc), file=sys.stderr)
EOF
}
stop_process() { # name pid shutdown-url seconds
  post "$3"
  if ! wait_pid "$2" "$4"; then
    log "$1 (pid $2) did not stop after /shutdown; sending SIGTERM"
    kill -TERM "$2" 2>/dev/null || true
    wait_pid "$2" 5 || kill -KILL "$2" 2>/dev/null || true
  fi
  wait "$2" 2>/dev/null || true
}

DB="$WORK/workspace.stackdeck"
"$CLI" serve --db "$DB" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE_PID=$!
STARTED_PIDS+=("$SERVE_PID")
wait_for_file "$WORK/serve.out" 30 || die "serve did not start: $(cat "$WORK/serve.err")"
export STACKDECK_DSN
STACKDECK_DSN="$(head -1 "$WORK/serve.out")"
PORT="${STACKDECK_DSN##*:}"
PORT="${PORT%%/*}"
log "stackdeck-cli serve: $STACKDECK_DSN (pid $SERVE_PID)"

PYRUN=("$PY" "$HERE/with_dsn.py")
NODERUN=(node --require "$HERE/with-dsn.cjs")
cd "$APP"
TRUTH=../truth

"${NODERUN[@]}" gen_node.js serve --sink-port "$PORT" --truth "$TRUTH/node-pricing-service.jsonl" \
  --trace-lifecycle static --port-file ../node.port --timeout 600 >../node-service.log 2>&1 &
NODE_SVC_PID=$!
STARTED_PIDS+=("$NODE_SVC_PID")
wait_for_file ../node.port 60 || die "node service did not start: $(cat ../node-service.log)"
NODE_SVC="http://127.0.0.1:$(cat ../node.port)"

"${PYRUN[@]}" gen_python.py serve --sink-port "$PORT" --truth "$TRUTH/py-inventory-service.jsonl" \
  --node-service "$NODE_SVC" --port-file ../py.port --timeout 600 >../py-service.log 2>&1 &
PY_SVC_PID=$!
STARTED_PIDS+=("$PY_SVC_PID")
wait_for_file ../py.port 60 || die "python service did not start: $(cat ../py-service.log)"
PY_SVC="http://127.0.0.1:$(cat ../py.port)"

log "running gen_python.py"
"${PYRUN[@]}" gen_python.py run --sink-port "$PORT" --truth "$TRUTH/python.jsonl" \
  --py-service "$PY_SVC" --node-service "$NODE_SVC" >../python.log 2>&1 \
  || die "gen_python.py failed: $(tail -20 ../python.log)"
log "running gen_node.js (trace lifecycle: stream)"
"${NODERUN[@]}" gen_node.js run --sink-port "$PORT" --truth "$TRUTH/node.jsonl" \
  --py-service "$PY_SVC" --node-service "$NODE_SVC" --trace-lifecycle stream >../node.log 2>&1 \
  || die "gen_node.js failed: $(tail -20 ../node.log)"
log "running gen_node.js (trace lifecycle: static)"
"${NODERUN[@]}" gen_node.js run --sink-port "$PORT" --truth "$TRUTH/node-static.jsonl" \
  --py-service "$PY_SVC" --node-service "$NODE_SVC" --trace-lifecycle static \
  --only express,tracing,distributed >../node-static.log 2>&1 \
  || die "gen_node.js (static) failed: $(tail -20 ../node-static.log)"
cd "$WORK"

log "stopping services"
stop_process "python service" "$PY_SVC_PID" "$PY_SVC/shutdown" 40
stop_process "node service" "$NODE_SVC_PID" "$NODE_SVC/shutdown" 40
kill -TERM "$SERVE_PID"
SERVE_RC=0
wait "$SERVE_PID" || SERVE_RC=$?
[ "$SERVE_RC" -eq 0 ] || die "serve exited with $SERVE_RC after SIGTERM: $(cat "$WORK/serve.err")"
log "serve: $(tail -1 "$WORK/serve.err")"

# --------------------------------------------------------------------------
# compare the workspace with the generators' ground truth
# --------------------------------------------------------------------------
"$CLI" events --db "$DB" --json --limit 1000000 >"$WORK/events.json"
"$CLI" issues --db "$DB" --json --limit 100000 >"$WORK/issues.json"
"$CLI" traces --db "$DB" --json --limit 100000 >"$WORK/traces.json"
mkdir -p "$WORK/trace"
for id in $("$PY" -c 'import json,sys; print("\n".join(t["trace_id"] for t in json.load(sys.stdin)))' <"$WORK/traces.json"); do
  "$CLI" trace --db "$DB" --json "$id" >"$WORK/trace/$id.json"
done
"$PY" "$HERE/compare_truth.py" --truth "$WORK/truth" --events "$WORK/events.json" \
  --issues "$WORK/issues.json" --traces "$WORK/traces.json" --trace-dir "$WORK/trace" \
  --cli "$CLI" --db "$DB" --serve-summary "$(tail -1 "$WORK/serve.err")"
