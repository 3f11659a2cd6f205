#!/usr/bin/env bash
# Checks that `npm run dev` (scripts/dev.sh) leaves nothing running when it is
# stopped: SIGTERM to the script, SIGTERM to `npm run dev`, and Ctrl-C (SIGINT
# to the whole foreground process group, as a terminal sends it). Each time it
# waits for /health, notes every process under the script, sends the signal
# and fails if any of them is still alive 30 s later.
#
#   bash scripts/check-dev-stop.sh        (builds once; SKIP_BUILD=1 to reuse dist/)
set -euo pipefail
set -m # background jobs in their own process group, as a terminal runs them
cd "$(dirname "$0")/.."

port="${CHECK_PORT:-3917}"
database="pb_devstop_$$"
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/${database}"
export QUEUE_PREFIX="pb-devstop-$$"
export PORT="$port" LOG_LEVEL=warn
[ "${SKIP_BUILD:-}" = 1 ] || npm run --silent build
export SKIP_BUILD=1

descendants() { local child; for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done; }
alive() { local pid; for pid in "$@"; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done; true; }
failures=0

check() { # name, command, signal, target (pid or group)
  local name="$1" command="$2" signal="$3" target="$4"
  $command >"/tmp/check-dev-stop-$$.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 90); do
    curl -fsS "http://127.0.0.1:${port}/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:${port}/health" >/dev/null || { echo "FAIL ${name}: the API did not come up"; tail -20 "/tmp/check-dev-stop-$$.log"; kill -TERM -- "-${pid}" 2>/dev/null; return 1; }
  local before; before=$(descendants "$pid" | tr '\n' ' ')
  local nodes; nodes=$(for p in $before; do ps -o comm= -p "$p"; done | grep -c '^node' || true)
  if [ "$target" = group ]; then kill "-${signal}" -- "-${pid}"; else kill "-${signal}" "$pid"; fi
  for _ in $(seq 1 30); do
    [ -z "$(alive "$pid" $before)" ] && break
    sleep 1
  done
  local left; left=$(alive "$pid" $before)
  if [ -n "$left" ]; then
    echo "FAIL ${name}: still running after SIG${signal}: $(ps -o pid=,args= -p "$(echo $left | tr ' ' ',')" | tr '\n' ';')"
    kill -KILL $left 2>/dev/null || true
    failures=$((failures + 1))
  else
    echo "ok   ${name}: SIG${signal} stopped the script and its ${nodes} node processes"
  fi
  wait "$pid" 2>/dev/null || true
}

check "dev.sh, SIGTERM to the script" "bash scripts/dev.sh" TERM pid
check "npm run dev, SIGTERM to npm" "npm run --silent dev" TERM pid
check "dev.sh, Ctrl-C" "bash scripts/dev.sh" INT group

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"${database}\" WITH (FORCE)" >/dev/null 2>&1 || true
rm -f "/tmp/check-dev-stop-$$.log"
exit "$failures"
