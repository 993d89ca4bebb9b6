#!/usr/bin/env bash
# Soak: mixed load and churn with watchers against the built server, sampling its memory (VmRSS),
# open file descriptors and database size. Not part of .ci/run (it takes ten minutes).
#
#   bash tests/reliability/soak.sh
#
# SOAK_SECONDS  duration (default 600)   SOAK_INTERVAL  seconds between samples (default 5)
# MOCKAPI_DLL   prebuilt server dll      REL_KEEP       1 keeps the temp folder
set -euo pipefail

REL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$REL_DIR/../lib/server.sh"

REL_WORK="$(mktemp -d "${TMPDIR:-/tmp}/mockapi-soak.XXXXXX")"
cleanup() {
  local rc=$?
  stop_server
  if [[ "${REL_KEEP:-0}" == 1 ]]; then echo "soak: kept $REL_WORK"; else rm -rf "$REL_WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DLL="$(server_dll)"
URL="http://127.0.0.1:$(free_port)"
DB="$REL_WORK/soak.db"
start_server "$URL" "$DB" "$REL_WORK/server.log" --dns-port 0
echo "soak: server pid $SERVER_PID on $URL for ${SOAK_SECONDS:-600} s"
python3 "$REL_DIR/soak.py" --url "$URL" --pid "$SERVER_PID" --db "$DB" \
  --seconds "${SOAK_SECONDS:-600}" --interval "${SOAK_INTERVAL:-5}"
