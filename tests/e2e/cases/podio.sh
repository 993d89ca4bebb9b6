# Cases for looking inside a pod: kubectl logs and kubectl exec (WebSocket v5.channel.k8s.io; SPDY/3.1 for kubectl 1.27-1.29).
# Sourced by run.sh, which provides k, KUBECTL, KUBECTL_DIR, CREATE_FLAGS, SERVER_URL and E2E_WORK.
#
# Until a simulated kubelet runs pods, the pod is bound to node-1 at create and made Running
# through pods/status, as a kubelet would.

# running_pod NAME: creates a one-container nginx pod and writes a Running status with podIP.
running_pod() {
  local file="$E2E_WORK/$1-running.yaml"
  cat >"$file" <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $1
spec:
  nodeName: node-1
  schedulerName: none
  containers:
  - name: web
    image: nginx:1.27
EOF
  k create "${CREATE_FLAGS[@]}" -f "$file" >/dev/null
  k get pod "$1" -o json | python3 -c '
import json, sys
pod = json.load(sys.stdin)
started = "2026-01-01T10:00:00Z"
pod["status"] = {"phase": "Running", "hostIP": "172.18.0.2", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "startTime": started,
  "containerStatuses": [{"name": "web", "image": "nginx:1.27", "imageID": "", "ready": True, "started": True, "restartCount": 0,
                         "state": {"running": {"startedAt": started}}}]}
print(json.dumps(pod))' |
    curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' --data-binary @- "$SERVER_URL/api/v1/namespaces/default/pods/$1/status"
}

case_logs() {
  begin "kubectl logs prints the simulated nginx start lines"
  running_pod logs-web
  run k logs logs-web
  assert_rc 0
  assert_out_line '/docker-entrypoint\.sh: Configuration complete; ready for start up'
  run k logs logs-web --tail=1 --timestamps
  assert_rc 0
  assert_out_equals '2026-01-01T10:00:00.015000000Z 2026/01/01 10:00:00 [notice] 1#1: start worker process 30'
}

case_logs_pending() {
  begin "kubectl logs on a pod that has not started says it is waiting"
  run k create "${CREATE_FLAGS[@]}" -f "$(pod_manifest logs-pending pending)"
  run k logs logs-pending
  assert_rc 1
  assert_err_contains 'container "web" in pod "logs-pending" is waiting to start: ContainerCreating'
}

case_exec_env() {
  begin "kubectl exec -- env prints the container's environment"
  running_pod exec-web
  run k exec exec-web -- env
  assert_rc 0
  assert_out_line 'HOSTNAME=exec-web'
  assert_out_line 'KUBERNETES_SERVICE_HOST=10\.96\.0\.1'
  run k exec exec-web -- printenv KUBERNETES_SERVICE_PORT
  assert_out_equals '443'
}

case_exec_files() {
  begin "kubectl exec -- cat /etc/resolv.conf and /etc/hosts answer as the kubelet writes them"
  run k exec exec-web -- cat /etc/resolv.conf
  assert_rc 0
  assert_out_equals $'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5'
  run k exec exec-web -- cat /etc/hosts
  assert_out_line $'10\\.244\\.1\\.5\texec-web'
}

case_exec_exit_codes() {
  begin "kubectl exec reports exit codes: unknown command 127, sh -c 'exit 3' 3"
  run k exec exec-web -- nosuch
  assert_rc 127
  assert_err_contains 'command terminated with exit code 127'
  run k exec exec-web -- sh -c 'echo hi; exit 3'
  assert_rc 3
  assert_out_equals 'hi'
}

# exec_spdy KUBECTL: kubectl 1.27-1.29 speak SPDY/3.1 (X-Stream-Protocol-Version v4.channel.k8s.io) for exec.
exec_spdy() {
  begin "$(basename "$1") execs over SPDY/3.1: output, exit codes, piped stdin"
  local saved="$KUBECTL"
  KUBECTL="$1"
  run k exec exec-web -- hostname
  assert_rc 0
  assert_out_equals 'exec-web'
  run k exec exec-web -- sh -c 'echo hi; exit 3'
  assert_rc 3
  assert_out_equals 'hi'
  assert_err_contains 'command terminated with exit code 3'
  local out rc=0
  out="$(printf 'one\ntwo\n' | k exec -i exec-web -- cat)" || rc=$?
  OUT="$out" RC="$rc" E2E_LAST_CMD="printf 'one\ntwo\n' | kubectl exec -i exec-web -- cat"
  KUBECTL="$saved"
  assert_rc 0
  assert_out_line '^two$'
}

case_exec_spdy_129() { exec_spdy "$KUBECTL_DIR/kubectl.1.29"; }

case_exec_spdy_tty() {
  begin "kubectl.1.29 exec -it over SPDY/3.1 at a terminal: typed input echoed, CRLF output, exit ends it"
  run python3 "$E2E_DIR/pty-session.py" 30 '' 'echo typed-$((40+2))\r' 'typed-42\r\n' 'exit\r' -- \
    "$KUBECTL_DIR/kubectl.1.29" --kubeconfig "$KUBECONFIG" --cache-dir "$E2E_WORK/cache/pty129" exec -it exec-web -- sh
  assert_rc 0
  # pty-session prints what the terminal showed as a Python string: \r\n are CR LF.
  assert_out_contains 'typed-42\r\n# exit\r\n'
}
case_exec_spdy_128() { exec_spdy "$KUBECTL_DIR/kubectl.1.28"; }
case_exec_spdy_127() { exec_spdy "$KUBECTL_DIR/kubectl.1.27"; }

E2E_CASES+=(
  case_logs
  case_logs_pending
  case_exec_env
  case_exec_files
  case_exec_exit_codes
  case_exec_spdy_129
  case_exec_spdy_tty
  case_exec_spdy_128
  case_exec_spdy_127
)
