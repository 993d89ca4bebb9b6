#!/usr/bin/env bash
# Crash safety: a writer creates and updates pods and services while the server is killed with
# SIGKILL at random (seeded) moments, then restarted on the same file. After every kill, a copy
# of the files left behind is checked (integrity, whole objects, acknowledged writes, revisions,
# allocations against Services); after every restart, the server must serve what was stored.
#
#   bash tests/reliability/crash.sh
#
# CRASH_CYCLES  kills (default 20)      CRASH_SEED  random seed (default 42)
# MOCKAPI_DLL   prebuilt server dll     REL_KEEP    1 keeps the temp folder
set -euo pipefail

REL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$REL_DIR/../lib/server.sh"

CYCLES="${CRASH_CYCLES:-20}"
SEED="${CRASH_SEED:-42}"
REL_WORK="$(mktemp -d "${TMPDIR:-/tmp}/mockapi-crash.XXXXXX")"
WRITER_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$WRITER_PID" ]]; then kill "$WRITER_PID" 2>/dev/null || true; wait "$WRITER_PID" 2>/dev/null || true; fi
  stop_server
  if [[ "${REL_KEEP:-0}" == 1 ]]; then echo "crash: kept $REL_WORK"; else rm -rf "$REL_WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DLL="$(server_dll)"
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
DB="$REL_WORK/crash.db"
LOG="$REL_WORK/acknowledged.jsonl"
: >"$LOG"
RANDOM="$SEED"
failed=0
started=$SECONDS

check_after_kill() {
  local snap="$REL_WORK/snapshot"
  rm -rf "$snap" && mkdir "$snap"
  for suffix in "" -wal -shm; do [[ -f "$DB$suffix" ]] && cp "$DB$suffix" "$snap/crash.db$suffix"; done
  python3 "$REL_DIR/crash.py" check-db --db "$snap/crash.db" --log "$LOG" || failed=$((failed + 1))
}

for ((cycle = 1; cycle <= CYCLES; cycle++)); do
  start_server "$URL" "$DB" "$REL_WORK/server.log" --dns-port 0
  if ((cycle > 1)); then
    python3 "$REL_DIR/crash.py" check-api --url "$URL" --db "$DB" --log "$LOG" || failed=$((failed + 1))
  fi
  python3 "$REL_DIR/crash.py" write --url "$URL" --log "$LOG" --cycle "$cycle" --seed "$SEED" &
  WRITER_PID=$!
  delay_ms=$((500 + RANDOM % 1200))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  echo "crash: cycle $cycle: SIGKILL after ${delay_ms} ms of writes"
  kill_server
  writer_rc=0
  wait "$WRITER_PID" || writer_rc=$?
  WRITER_PID=""
  if ((writer_rc != 0)); then echo "crash: the writer failed (exit $writer_rc)"; failed=$((failed + 1)); fi
  check_after_kill
done

start_server "$URL" "$DB" "$REL_WORK/server.log" --dns-port 0
python3 "$REL_DIR/crash.py" check-api --url "$URL" --db "$DB" --log "$LOG" || failed=$((failed + 1))
stop_server

acknowledged=$(grep -vc '"op": "lost"' "$LOG" || true)
unanswered=$(grep -c '"op": "lost"' "$LOG" || true)
echo "crash: $CYCLES SIGKILL cycles (seed $SEED), $acknowledged acknowledged writes, $unanswered unanswered at kill," \
  "$failed failed check runs, $((SECONDS - started)) s"
((failed == 0))
