# Cases for containers that follow their spec: pod update rules, image changes, commands and exit codes,
# traffic between pods (the Debug Services guide), probes. Sourced by run.sh after foundation.sh (alphabetical
# order), so the foundation cases' namespace listing stays as they expect. Pods live in the namespace "containers".

case_pod_spec_is_immutable() {
  begin "kubectl apply of a pod with another container port is refused with kube-apiserver's message"
  run k create namespace containers
  local file="$E2E_WORK/immutable-pod.yaml"
  cat >"$file" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: immutable
  namespace: containers
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
YAML
  run k apply -f "$file"
  assert_rc 0
  run k -n containers wait --for=condition=Ready pod/immutable --timeout=20s
  assert_rc 0
  sed -i 's/containerPort: 80/containerPort: 8080/' "$file"
  run k apply -f "$file"
  assert_rc 1
  assert_err_contains 'The Pod "immutable" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'
}

case_set_image_restarts_the_container() {
  begin "kubectl set image on a pod restarts that container: RESTARTS 1, Killing event, new image in describe"
  run k -n containers set image pod/immutable web=nginx:1.28
  assert_rc 0
  assert_out_equals 'pod/immutable image updated'
  run k -n containers wait --for=jsonpath='{.status.containerStatuses[0].restartCount}'=1 pod/immutable --timeout=20s
  assert_rc 0
  run k -n containers get pod immutable
  assert_out_line "immutable +1/1 +Running +1 \(.* ago\) +$AGE"
  run k -n containers describe pod immutable
  assert_out_line ' +Image: +nginx:1\.28'
  assert_out_line ' +Last State: +Terminated'
  assert_out_line ' +Reason: +Completed'
  assert_out_line ' +Normal +Killing +.* +kubelet +Container web definition changed, will be restarted'
}

case_command_exit_code() {
  begin "a restartPolicy: Never pod that exits 3: phase Failed, STATUS Error, Exit Code 3 in describe, its output in logs"
  run k -n containers run exit3 --image=busybox:1.36 --restart=Never -- sh -c 'echo working; exit 3'
  assert_rc 0
  run k -n containers wait --for=jsonpath='{.status.phase}'=Failed pod/exit3 --timeout=20s
  assert_rc 0
  run k -n containers get pod exit3
  assert_out_line "exit3 +0/1 +Error +0 +$AGE"
  run k -n containers describe pod exit3
  assert_out_line ' +Exit Code: +3'
  assert_out_line '^Status: +Failed'
  run k -n containers logs exit3
  assert_out_equals 'working'
}

case_shell_image_crash_loops() {
  begin "busybox without a command exits at once and goes to CrashLoopBackOff, as on a real cluster"
  run k -n containers run bare-busybox --image=busybox
  assert_rc 0
  run k -n containers wait --for=jsonpath='{.status.containerStatuses[0].state.waiting.reason}'=CrashLoopBackOff pod/bare-busybox --timeout=20s
  assert_rc 0
  run k -n containers get pod bare-busybox
  assert_out_line "bare-busybox +0/1 +CrashLoopBackOff +1 \\(.* ago\\) +$AGE"
}

# The Kubernetes "Debug Services" page, command by command (pods stand in for its Deployment).
case_debug_services_guide() {
  begin "Debug Services: serve_hostname pods behind hostnames:80, wget from a busybox pod, pod IPs, a wrong targetPort refused"
  local i
  for i in 1 2 3; do run k -n containers run "hostnames-$i" --image=registry.k8s.io/serve_hostname --labels=app=hostnames --port=9376; done
  run k -n containers expose pod hostnames-1 --name=hostnames --port=80 --target-port=9376 --selector=app=hostnames
  assert_rc 0
  assert_out_equals 'service/hostnames exposed'
  run k -n containers run debug --image=busybox:1.36 -- sleep 3600
  run k -n containers wait --for=condition=Ready pod -l app=hostnames --timeout=20s
  run k -n containers wait --for=condition=Ready pod/debug --timeout=20s
  assert_rc 0
  run k -n containers exec debug -- wget -qO- hostnames
  assert_rc 0
  assert_out_line '^hostnames-[1-3]$'
  run k -n containers exec debug -- nslookup hostnames
  assert_out_line 'Name:	hostnames\.containers\.svc\.cluster\.local'
  local ip
  ip="$(k -n containers get pod hostnames-2 -o jsonpath='{.status.podIP}')"
  run k -n containers exec debug -- wget -qO- "$ip:9376"
  assert_out_equals 'hostnames-2'
  run k -n containers exec debug -- wget -qO- "$ip:80"
  assert_rc 1
  assert_err_contains "wget: can't connect to remote host ($ip): Connection refused"
  run k -n containers create service clusterip hostnames-wrong --tcp=80:9377
  run k -n containers patch svc hostnames-wrong -p '{"spec":{"selector":{"app":"hostnames"}}}'
  run k -n containers exec debug -- wget -qO- hostnames-wrong
  assert_rc 1
  assert_err_contains "wget: can't connect to remote host"
  assert_err_contains ": Connection refused"
}

case_readiness_probe_empties_endpoints() {
  begin "a readiness probe on a port nobody listens on: 0/1 Running, Unhealthy events, no ready endpoint"
  local file="$E2E_WORK/not-ready.yaml"
  cat >"$file" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: not-ready
  namespace: containers
  labels: {app: not-ready}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /, port: 8080}
      periodSeconds: 1
YAML
  run k apply -f "$file"
  run k -n containers create service clusterip not-ready --tcp=80:80
  run k -n containers patch svc not-ready -p '{"spec":{"selector":{"app":"not-ready"}}}'
  local tries
  for ((tries = 0; tries < 100; tries++)); do
    run k -n containers get events --field-selector involvedObject.name=not-ready,reason=Unhealthy -o name
    [[ -n "$OUT" ]] && break
    sleep 0.1
  done
  run k -n containers get pod not-ready
  assert_out_line "not-ready +0/1 +Running +0 +$AGE"
  # kube-apiserver's printer leaves ENDPOINTS blank when the only addresses are not ready (<none> is for no subsets).
  run k -n containers get endpoints not-ready
  assert_out_line "not-ready +$AGE"
  run k -n containers get endpoints not-ready -o jsonpath='{.subsets[0].notReadyAddresses[0].ip}'
  assert_out_line '10\.244\.[0-9.]+'

  run k -n containers describe pod not-ready
  assert_out_line ' +Warning +Unhealthy +.* +kubelet +Readiness probe failed: Get "http://10\.244\.[0-9.]+:8080/": dial tcp 10\.244\.[0-9.]+:8080: connect: connection refused'
}


# kubectl run -i / attach: the container's stdin and its terminal.
case_run_rm_interactive() {
  begin "kubectl run --rm -i with commands on stdin: they run in busybox's sh, its exit code is kubectl's, the pod is deleted"
  local out err rc=0
  out="$(printf 'wget -qO- hostnames\nexit 3\n' | k -n containers run stdin-sh --rm -i --restart=Never --image=busybox:1.36 -- sh 2>"$E2E_WORK/run-i.err")" || rc=$?
  err="$(cat "$E2E_WORK/run-i.err")"
  OUT="$out" ERR="$err" RC="$rc" E2E_LAST_CMD="kubectl run stdin-sh --rm -i … -- sh"
  assert_rc 3
  # serve_hostname answers without a newline, so kubectl's own line follows on the same one.
  assert_out_line 'hostnames-[1-3]pod "stdin-sh" deleted'
  assert_err_contains 'pod containers/stdin-sh terminated (Error)'
  run k -n containers get pod stdin-sh
  assert_err_contains 'pods "stdin-sh" not found'
}

case_run_rm_nslookup() {
  begin "Debug Services: kubectl run --rm -i busybox nslookup of the FQDN prints the answer and exits 0"
  run k -n containers run tmp-dns --rm -i --restart=Never --image=busybox:1.36 -- nslookup hostnames.containers.svc.cluster.local
  assert_rc 0
  assert_out_line 'Name:	hostnames\.containers\.svc\.cluster\.local'
  assert_out_line 'Address: 10\.[0-9.]+'
}

case_attach_stdin() {
  begin "kubectl attach -i to a shell started with stdin: what is piped in runs, output comes back"
  run k -n containers run attach-me --image=busybox:1.36 --restart=Never -i --attach=false -- sh
  assert_rc 0
  run k -n containers wait --for=condition=Ready pod/attach-me --timeout=20s
  local out rc=0
  out="$(printf 'echo attached to $(hostname)\nexit 0\n' | k -n containers attach -i attach-me 2>/dev/null)" || rc=$?
  OUT="$out" RC="$rc" E2E_LAST_CMD="kubectl attach -i attach-me"
  assert_rc 0
  assert_out_line '^attached to attach-me$'
  run k -n containers wait --for=jsonpath='{.status.phase}'=Succeeded pod/attach-me --timeout=20s
  assert_rc 0
}

case_attach_stdin_spdy() {
  begin "kubectl 1.29 attach -i over SPDY/3.1: what is piped in runs, output comes back"
  run k -n containers run attach-spdy --image=busybox:1.36 --restart=Never -i --attach=false -- sh
  assert_rc 0
  run k -n containers wait --for=condition=Ready pod/attach-spdy --timeout=20s
  local out rc=0
  out="$(printf 'echo spdy attached to $(hostname)\nexit 0\n' | KUBECTL="$KUBECTL_DIR/kubectl.1.29" k -n containers attach -i attach-spdy 2>/dev/null)" || rc=$?
  OUT="$out" RC="$rc" E2E_LAST_CMD="kubectl.1.29 attach -i attach-spdy"
  assert_rc 0
  assert_out_line '^spdy attached to attach-spdy$'
  run k -n containers wait --for=jsonpath='{.status.phase}'=Succeeded pod/attach-spdy --timeout=20s
  assert_rc 0
}

case_run_it_terminal() {
  begin "kubectl run -it --rm busybox -- sh at a terminal: the prompt, typed commands echoed, CRLF, exit ends it"
  run python3 "$E2E_DIR/pty-session.py" 30 'pressing enter.' '\r' '/ # ' 'hostname\r' 'tmp-shell\r\n/ # ' 'exit\r' -- \
    "$KUBECTL" --kubeconfig "$KUBECONFIG" --cache-dir "$E2E_WORK/cache/pty" -n containers run tmp-shell -it --rm --restart=Never --image=busybox:1.36 -- sh
  assert_rc 0
  # pty-session prints what the terminal showed as a Python string: \r\n are CR LF.
  assert_out_contains '/ # hostname\r\ntmp-shell\r\n/ # exit\r\n'
  assert_out_contains 'pod "tmp-shell" deleted'
}

case_run_it_terminal_spdy() {
  begin "kubectl.1.29 run -it --rm busybox -- sh at a terminal: attach -t over SPDY/3.1 (with the resize stream)"
  run python3 "$E2E_DIR/pty-session.py" 30 'pressing enter.' '\r' '/ # ' 'hostname\r' 'spdy-shell\r\n/ # ' 'exit\r' -- \
    "$KUBECTL_DIR/kubectl.1.29" --kubeconfig "$KUBECONFIG" --cache-dir "$E2E_WORK/cache/pty129" -n containers run spdy-shell -it --rm --restart=Never --image=busybox:1.36 -- sh
  assert_rc 0
  assert_out_contains '/ # hostname\r\nspdy-shell\r\n/ # exit\r\n'
  assert_out_contains 'pod "spdy-shell" deleted'
}

E2E_CASES+=(
  case_pod_spec_is_immutable
  case_set_image_restarts_the_container
  case_command_exit_code
  case_shell_image_crash_loops
  case_debug_services_guide
  case_readiness_probe_empties_endpoints
  case_run_rm_interactive
  case_run_rm_nslookup
  case_attach_stdin
  case_attach_stdin_spdy
  case_run_it_terminal
  case_run_it_terminal_spdy
)
