# Cases for the client-fidelity issue: apply, diff, label, annotate, patch, edit, replace,
# delete -f / --all, server-side apply, server dry run, strict validation, explain, get -w, wait.
# Sourced by run.sh, which provides k, KUBECTL, KUBECONFIG, E2E_WORK and the assertion helpers.

# svc_manifest FILE TARGETPORT [LABEL]: a ClusterIP Service "web" with two ports.
svc_manifest() {
  local labels=""
  [[ -n "${3:-}" ]] && labels="  labels: {tier: $3}"
  cat >"$1" <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
$labels
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: $2
  - name: metrics
    port: 9090
EOF
}

# pending_pod FILE NAME [LABELS]: a pod no scheduler picks up (it stays Pending).
pending_pod() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $2, labels: {${3:-app: $2}}}
spec:
  schedulerName: none
  containers: [{name: c, image: "nginx:1.27"}]
EOF
}

# wait_for_line FILE ERE TRIES: polls FILE (0.05 s apart) until a whole line matches, or gives up.
wait_for_line() {
  local i
  for ((i = 0; i < $3; i++)); do
    grep -Eq "^$2\$" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

case_apply_cycle() {
  begin "kubectl apply creates, patches exactly what changed, then reports unchanged; diff persists nothing"
  local file="$E2E_WORK/web-svc.yaml"
  svc_manifest "$file" 8080 front
  run k apply -f "$file"
  assert_rc 0
  assert_out_equals 'service/web created'
  run k get svc web -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}'
  assert_out_contains '"targetPort":8080'

  svc_manifest "$file" 8081
  run k diff -f "$file"
  assert_rc 1
  assert_out_line '-    targetPort: 8080'
  assert_out_line '\+    targetPort: 8081'
  run k get svc web -o jsonpath='{.spec.ports[0].targetPort}'
  assert_out_equals '8080'

  run k apply -f "$file"
  assert_out_equals 'service/web configured'
  run k get svc web -o jsonpath='{.spec.ports[0].targetPort}/{.metadata.labels.tier}/{.spec.ports[1].protocol}'
  assert_out_equals '8081//TCP'

  run k apply -f "$file"
  assert_out_equals 'service/web unchanged'
}

case_label_annotate_patch() {
  begin "kubectl label, annotate and patch (strategic, merge, json) change the object; a no-op patch says so"
  run k label svc web env=prod
  assert_out_equals 'service/web labeled'
  run k annotate svc web note=hi
  assert_out_equals 'service/web annotated'
  run k patch svc web -p '{"metadata":{"labels":{"x":"1"}}}'
  assert_out_equals 'service/web patched'
  run k patch svc web --type=merge -p '{"metadata":{"labels":{"x":"2"}}}'
  assert_out_equals 'service/web patched'
  run k patch svc web --type=json -p '[{"op":"replace","path":"/metadata/labels/x","value":"3"}]'
  assert_out_equals 'service/web patched'
  run k patch svc web -p '{"metadata":{"labels":{"x":"3"}}}'
  assert_out_equals 'service/web patched (no change)'
  run k get svc web -o jsonpath='{.metadata.labels.env} {.metadata.labels.x} {.metadata.annotations.note}'
  assert_out_equals 'prod 3 hi'
}

case_edit_replace() {
  begin "kubectl edit (non-interactive EDITOR) and replace write the object"
  run env EDITOR="sed -i s/env:\ prod/env:\ staging/" "$KUBECTL" --kubeconfig "$KUBECONFIG" edit svc web
  assert_rc 0
  assert_out_equals 'service/web edited'
  run k get svc web -o yaml
  local file="$E2E_WORK/web-replace.yaml"
  printf '%s\n' "$OUT" | sed 's/port: 9090/port: 9091/' >"$file"
  run k replace -f "$file"
  assert_out_equals 'service/web replaced'
  run k get svc web -o jsonpath='{.metadata.labels.env} {.spec.ports[1].port}'
  assert_out_equals 'staging 9091'
}

case_describe_service() {
  begin "kubectl describe svc shows the fields a real cluster shows"
  run k describe svc web
  assert_rc 0
  assert_out_line 'Name: +web'
  assert_out_line 'Type: +ClusterIP'
  assert_out_line 'IP: +10\.[0-9.]+'
  assert_out_line 'Port: +http  80/TCP'
  assert_out_line 'TargetPort: +8081/TCP'
  assert_out_line 'Session Affinity: +None'
}

case_delete_by_file() {
  begin "kubectl delete -f removes what the file names"
  run k delete -f "$E2E_WORK/web-svc.yaml"
  assert_out_equals 'service "web" deleted'
  run k get svc web
  assert_rc 1
}

case_server_side_apply() {
  begin "kubectl apply --server-side creates then updates"
  local file="$E2E_WORK/ssa.yaml"
  pending_pod "$file" ssa "app: one"
  run k apply --server-side -f "$file"
  assert_out_equals 'pod/ssa serverside-applied'
  sed -i 's/app: one/app: two/' "$file"
  run k apply --server-side -f "$file"
  assert_out_equals 'pod/ssa serverside-applied'
  run k get pod ssa -o jsonpath='{.metadata.labels.app}'
  assert_out_equals 'two'
}

case_server_dry_run() {
  begin "kubectl create --dry-run=server validates and persists nothing"
  local file="$E2E_WORK/dry.yaml"
  pending_pod "$file" dry
  run k create --dry-run=server -f "$file"
  assert_out_equals 'pod/dry created (server dry run)'
  run k get pod dry
  assert_rc 1
}

case_strict_field_validation() {
  begin "kubectl create -f rejects an unknown field through server-side field validation"
  local file="$E2E_WORK/strict.yaml"
  pending_pod "$file" strict
  sed -i 's/image: "nginx:1.27"/image: "nginx:1.27", bogus: 1/' "$file"
  run k create -f "$file"
  assert_rc 1
  assert_err_contains 'unknown field "spec.containers[0].bogus"'
}

case_explain() {
  begin "kubectl explain reads the OpenAPI v3 schemas"
  run k explain pod.spec.containers
  assert_rc 0
  assert_out_line 'KIND: +Pod'
  assert_out_line 'FIELD: +containers <\[\]Container>'
  run k explain svc.spec.ports.targetPort
  assert_rc 0
}

case_watch_events() {
  begin "kubectl get pods -w --output-watch-events prints ADDED, MODIFIED and DELETED"
  local out="$E2E_WORK/watch.out" file="$E2E_WORK/watched.yaml"
  pending_pod "$file" watched
  run k create -f "$file"
  k get pods -l app=watched -w --output-watch-events >"$out" 2>&1 &
  local watcher=$!
  wait_for_line "$out" 'ADDED +watched .*' 200 || true
  run k label pod watched extra=1
  run k delete pod watched --wait=false
  wait_for_line "$out" 'DELETED +watched .*' 200 || true
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  OUT="$(cat "$out")"
  assert_out_line 'EVENT +NAME +READY +STATUS +RESTARTS +AGE'
  assert_out_line 'ADDED +watched +0/1 +Pending +0 +[0-9]+s'
  assert_out_line 'MODIFIED +watched .*'
  assert_out_line 'DELETED +watched .*'
}

case_wait_for_delete() {
  begin "kubectl wait --for=delete returns once the object is gone"
  local file="$E2E_WORK/gone.yaml"
  pending_pod "$file" gone
  run k create -f "$file"
  run k delete pod gone --wait=false
  run k wait --for=delete pod/gone --timeout=10s
  assert_rc 0
}

case_delete_all() {
  begin "kubectl delete pods --all empties the namespace"
  run k delete pods --all
  assert_rc 0
  run k get pods
  assert_err_line 'No resources found in default namespace\.'
}

E2E_CASES+=(
  case_apply_cycle
  case_label_annotate_patch
  case_edit_replace
  case_describe_service
  case_delete_by_file
  case_server_side_apply
  case_server_dry_run
  case_strict_field_validation
  case_explain
  case_watch_events
  case_wait_for_delete
  case_delete_all
)
