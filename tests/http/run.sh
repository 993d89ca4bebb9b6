#!/usr/bin/env bash
# The .http suite: every http/*.http file, sent by httpyac (pinned in http/package.json) to the
# built server on a free loopback port. A failed request or assertion fails the run.
#
#   bash tests/http/run.sh
#
# MOCKAPI_DLL         prebuilt server dll (default: the Release build output; built when missing)
# HTTP_READY_TIMEOUT  seconds to wait for /readyz (default 60)
# Needs node and npm; installs http/node_modules with `npm ci` when it is missing.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HTTP_DIR="$REPO_ROOT/http"

for tool in node npm python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "http: $tool is required" >&2; exit 2; }
done
[[ -x "$HTTP_DIR/node_modules/.bin/httpyac" ]] || npm ci --prefix "$HTTP_DIR" --no-audit --no-fund

# shellcheck source=tests/lib/server.sh
source "$REPO_ROOT/tests/lib/server.sh"
DLL="$(server_dll)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mockapi-http.XXXXXX")"

cleanup() {
  local rc=$?
  stop_server
  if ((rc != 0)) && [[ -f "$WORK/server.log" ]]; then
    echo "--- warnings and errors in the server log"
    awk '/^[a-z]+: / { keep = ($1 == "warn:" || $1 == "fail:" || $1 == "crit:") } keep' "$WORK/server.log" | tail -n 40
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVER_URL="http://127.0.0.1:$(free_port)"
# The DNS socket is off: the .http files ask DNS through the DNSQuery review.
MOCKAPI_READY_TIMEOUT="${HTTP_READY_TIMEOUT:-60}" start_server "$SERVER_URL" "$WORK/http.db" "$WORK/server.log" --dns-port 0
echo "http: server pid $SERVER_PID on $SERVER_URL ($DLL)"

# httpyac only takes files under its working directory. Passed requests print one line each;
# a failed one prints its exchange and the failed assertions.
cd "$HTTP_DIR"
files=(*.http)
echo "http: ${#files[@]} files: ${files[*]}"
rc=0
npx --no-install httpyac send "${files[@]}" --all --no-color --var "host=$SERVER_URL" \
  --output short --output-failed exchange --json >"$WORK/result.json" 2>"$WORK/httpyac.err" || rc=$?

python3 - "$WORK/result.json" <<'PY' || rc=${rc:-1}
import json, sys
try:
    result = json.load(open(sys.argv[1]))
except ValueError:
    print("http: httpyac wrote no JSON result"); sys.exit(1)
failed = 0
for request in result.get("requests", []):
    bad = [t for t in request.get("testResults", []) if t.get("status") != "SUCCESS"]
    status = request.get("summary", {})
    ok = not bad and status.get("failedTests", 0) == 0 and status.get("erroredTests", 0) == 0
    print(f"{'ok  ' if ok else 'FAIL'} {request['fileName'].rsplit('/', 1)[-1]}:{request.get('line', '?')} {request.get('name') or ''}")
    for test in bad:
        print(f"       {test.get('message')}: {test.get('error', {}).get('displayMessage', test.get('status'))}")
    failed += not ok
summary = result.get("summary", {})
print(f"http: {summary.get('totalRequests', 0)} requests, {summary.get('successTests', 0)} of {summary.get('totalTests', 0)} assertions passed")
print(f"http: {summary.get('totalRequests', 0) - failed} passed, {failed} failed")
sys.exit(1 if failed or summary.get("totalRequests", 0) == 0 else 0)
PY
if ((rc != 0)); then
  echo "--- httpyac stderr"
  grep -v '^json parse error' "$WORK/httpyac.err" | tail -n 40 || true
fi
exit "$rc"
