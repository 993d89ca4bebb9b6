#!/usr/bin/env bash
# The /ui page in a real browser: Debian's chromium driven by playwright-core (pinned in
# tests/ui/package.json) against the built server on a free loopback port, telling the seed story
# with kubectl (tests/ui/seed-story.mjs). Screenshots land in UI_ARTIFACTS (default artifacts/ui).
#
#   bash tests/ui/run.sh
#
# CHROMIUM    the browser (default /usr/bin/chromium; .ci/run installs Debian's package when missing)
# MOCKAPI_DLL prebuilt server dll (default: the Release build output; built when missing)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
UI_DIR="$REPO_ROOT/tests/ui"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export UI_ARTIFACTS="${UI_ARTIFACTS:-$REPO_ROOT/artifacts/ui}"

for tool in node npm kubectl python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ui: $tool is required" >&2; exit 2; }
done
[[ -x "$CHROMIUM" ]] || { echo "ui: no browser at $CHROMIUM" >&2; exit 2; }
[[ -d "$UI_DIR/node_modules/playwright-core" ]] || npm ci --prefix "$UI_DIR" --no-audit --no-fund

# shellcheck source=tests/lib/server.sh
source "$REPO_ROOT/tests/lib/server.sh"
DLL="$(server_dll)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mockapi-ui.XXXXXX")"
cleanup() {
  local rc=$?
  stop_server
  if ((rc != 0)) && [[ -f "$WORK/server.log" ]]; then tail -n 40 "$WORK/server.log"; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVER_URL="http://127.0.0.1:$(free_port)"
start_server "$SERVER_URL" "$WORK/ui.db" "$WORK/server.log" --dns-port 0
echo "ui: server pid $SERVER_PID on $SERVER_URL; browser $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
MOCKAPI_URL="$SERVER_URL" node "$UI_DIR/seed-story.mjs"
