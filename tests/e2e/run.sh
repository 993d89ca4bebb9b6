#!/usr/bin/env bash
# End-to-end suite: the built server on a free loopback port, driven by the real kubectl.
#
#   bash tests/e2e/run.sh
#
# MOCKAPI_DLL   prebuilt server dll (default: the Release build output; built when missing)
# E2E_READY_TIMEOUT  seconds to wait for /readyz (default 60)
# E2E_KEEP      set to 1 to keep the temp directory (server log, kubeconfig, manifests)
# E2E_ONLY      an extended regex: run only the case functions whose names match (e.g. 'case_pod_|case_set_image')
#
# Cases live in tests/e2e/cases/*.sh; each file appends its case functions to E2E_CASES.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/../.." && pwd)"
# shellcheck source=tests/e2e/lib.sh
source "$E2E_DIR/lib.sh"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "SKIP: kubectl not found on PATH; the end-to-end suite did not run"
  exit 0
fi
for tool in python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool is required" >&2; exit 2; }
done

# shellcheck source=tests/lib/server.sh
source "$REPO_ROOT/tests/lib/server.sh"
DLL="$(server_dll)"
E2E_WORK="$(mktemp -d "${TMPDIR:-/tmp}/mockapi-e2e.XXXXXX")"

cleanup() {
  local rc=$?
  stop_server
  # A failure before the cases ran (build, start, readiness) is explained by the log's end.
  if ((rc != 0)) && [[ -z "${E2E_CASES_RAN:-}" && -f "$E2E_WORK/server.log" ]]; then
    echo "--- last lines of the server log"
    tail -n 40 "$E2E_WORK/server.log" || true
  fi
  if [[ "${E2E_KEEP:-0}" == 1 ]]; then echo "e2e: kept $E2E_WORK"; else rm -rf "$E2E_WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVER_URL="http://127.0.0.1:$(free_port)"
# The cluster DNS socket gets its own free port (UDP and TCP on loopback), for the dig cases.
DNS_PORT="$(free_port)"
MOCKAPI_READY_TIMEOUT="${E2E_READY_TIMEOUT:-60}" start_server "$SERVER_URL" "$E2E_WORK/e2e.db" "$E2E_WORK/server.log" --dns-port "$DNS_PORT"
echo "e2e: server pid $SERVER_PID on $SERVER_URL ($DLL)"

KUBECONFIG="$E2E_WORK/kubeconfig"
export KUBECONFIG
cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $SERVER_URL
users:
- name: e2e
  user: {}
contexts:
- name: e2e
  context:
    cluster: e2e
    user: e2e
    namespace: default
current-context: e2e
EOF

# The kubectl that `k` runs; versioned cases point it at kubectl.1.29 and so on.
KUBECTL="kubectl"
# Each binary gets its own fresh discovery cache, so nothing is cached across runs or versions.
k() {
  "$KUBECTL" --kubeconfig "$KUBECONFIG" --cache-dir "$E2E_WORK/cache/${KUBECTL##*/}" --request-timeout=20s "$@"
}

# The versioned binaries sit next to the real kubectl (on these machines, the gcloud dispatcher).
KUBECTL_DIR="$(dirname "$(readlink -f "$(command -v kubectl)")")"

# kubectl validates create/apply bodies against our OpenAPI document (fieldValidation=Strict), so no flags.
CREATE_FLAGS=()

E2E_CASES=()
for cases_file in "$E2E_DIR"/cases/*.sh; do
  # shellcheck source=/dev/null
  source "$cases_file"
done

run "$KUBECTL" version --client
echo "e2e: $(printf '%s\n' "$OUT" | head -n 1); server $SERVER_URL; create flags: ${CREATE_FLAGS[*]:-none}"

for case_fn in "${E2E_CASES[@]}"; do
  if [[ -n "${E2E_ONLY:-}" ]] && ! [[ "$case_fn" =~ $E2E_ONLY ]]; then continue; fi
  "$case_fn"
done
E2E_CASES_RAN=1

if ((E2E_FAILED > 0)); then
  # ASP.NET's console log: an entry starts at column 0 ("warn: ..."), its text is indented.
  echo
  echo "--- warnings and errors in the server log"
  awk '/^[a-z]+: / { keep = ($1 == "warn:" || $1 == "fail:" || $1 == "crit:") } keep' "$E2E_WORK/server.log" | tail -n 60
fi

summary
