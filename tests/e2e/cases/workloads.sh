# Cases for the workloads issue: the seed's story told with a Deployment, as a new user types it —
# kubectl create deployment and expose deployment, three replicas behind frontend-svc, a deleted
# pod replaced with a new IP, set image rolling without the Service losing a ready address, rollout
# undo, scale to 0 and back, and delete with each cascade. Sourced by run.sh (provides k, E2E_WORK).

WL_NS=wl-e2e
WL_TIMEOUT=60

# wl_await WHAT WANT EXTRACT CMD...: re-runs CMD until the function EXTRACT (reading OUT) prints
# WANT, or WL_TIMEOUT seconds pass; one assertion.
wl_await() {
  local what="$1" want="$2" extract="$3" got="" deadline=$((SECONDS + WL_TIMEOUT))
  shift 3
  while :; do
    run "$@"
    got="$("$extract")"
    [[ "$got" == "$want" ]] && break
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  if [[ "$got" == "$want" ]]; then pass "$what: $want"; else fail "$what: $want" "got '$got' after ${WL_TIMEOUT}s"; fi
}

wl_x_out() { printf '%s\n' "$OUT"; }
# The number of ready addresses in frontend-svc's Endpoints.
wl_x_ready() { wc -w <<<"$OUT" | tr -d ' '; }
# Pod names, one per line, sorted.
wl_x_count() { sed '/^$/d' <<<"$OUT" | wc -l | tr -d ' '; }

wl_ready_ips() { k get endpoints frontend-svc -n "$WL_NS" -o jsonpath='{range .subsets[*]}{range .addresses[*]}{.ip}{" "}{end}{end}'; }

case_workloads_api_resources() {
  begin "kubectl api-resources lists the apps/v1 kinds with their short names"
  run k api-resources --api-group=apps --no-headers
  assert_rc 0
  assert_out_line 'deployments +deploy +apps/v1 +true +Deployment'
  assert_out_line 'replicasets +rs +apps/v1 +true +ReplicaSet'
}

case_workloads_create_and_expose() {
  begin "kubectl create deployment and expose deployment: three ready pods behind frontend-svc"
  run k create namespace "$WL_NS"
  assert_rc 0
  run k create deployment frontend --image=nginx --replicas=3 -n "$WL_NS"
  assert_rc 0
  assert_out_equals 'deployment.apps/frontend created'
  run k expose deployment frontend --name=frontend-svc --port=80 --target-port=80 --type=NodePort -n "$WL_NS"
  assert_rc 0
  assert_out_equals 'service/frontend-svc exposed'
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  assert_out_line 'deployment "frontend" successfully rolled out'
  run k wait --for=condition=Available deployment/frontend -n "$WL_NS" --timeout=30s
  assert_rc 0
  assert_out_equals 'deployment.apps/frontend condition met'
  wl_await "ready addresses behind frontend-svc" 3 wl_x_ready wl_ready_ips
  run k get deployment frontend -n "$WL_NS"
  assert_out_line 'NAME +READY +UP-TO-DATE +AVAILABLE +AGE'
  assert_out_line 'frontend +3/3 +3 +3 +[0-9]+s'
  run k get rs -n "$WL_NS" -o wide
  assert_out_line 'NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR'
  assert_out_line 'frontend-[bcdfghjklmnpqrstvwxz2456789]+ +3 +3 +3 +[0-9]+s +nginx +nginx +app=frontend,pod-template-hash=[a-z0-9]+'
  run k get all -n "$WL_NS"
  assert_out_line 'deployment\.apps/frontend +3/3 +3 +3 +[0-9]+s'
  assert_out_line 'service/frontend-svc +NodePort +[0-9.]+ +<none> +80:3[0-9]{4}/TCP +[0-9]+s'
  run k describe deployment frontend -n "$WL_NS"
  assert_out_line 'Replicas: +3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable'
  assert_out_line 'StrategyType: +RollingUpdate'
  assert_out_line '  Normal  ScalingReplicaSet  .*deployment-controller  Scaled up replica set frontend-[a-z0-9]+ from 0 to 3'
}

case_workloads_pod_replaced() {
  begin "deleting a pod: the ReplicaSet replaces it and the new IP joins the Endpoints"
  local victim old_ip
  run k get pods -n "$WL_NS" -l app=frontend -o jsonpath='{.items[0].metadata.name} {.items[0].status.podIP}'
  read -r victim old_ip <<<"$OUT"
  run k delete pod "$victim" -n "$WL_NS" --wait=true
  assert_rc 0
  wl_await "ready addresses after the replacement" 3 wl_x_ready wl_ready_ips
  run k get pods -n "$WL_NS" -l app=frontend --no-headers -o custom-columns=NAME:.metadata.name
  assert_no_out_line "$victim"
  run k get rs -n "$WL_NS" --no-headers
  assert_out_line 'frontend-[a-z0-9]+ +3 +3 +3 +[0-9]+s'
}

case_workloads_set_image_rolls() {
  begin "kubectl set image rolls one pod at a time; frontend-svc never drops below 3 ready addresses"
  local watch_file="$E2E_WORK/wl-endpoints.watch" watch_pid min
  k get endpoints frontend-svc -n "$WL_NS" --watch \
    -o jsonpath='{range .subsets[*]}{range .addresses[*]}{.ip}{" "}{end}{end}{"\n"}' >"$watch_file" 2>/dev/null &
  watch_pid=$!
  run k set image deployment/frontend nginx=nginx:1.27 -n "$WL_NS"
  assert_rc 0
  assert_out_equals 'deployment.apps/frontend image updated'
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  assert_out_line 'deployment "frontend" successfully rolled out'
  # maxSurge 25% of 3 rounds up to 1 and maxUnavailable down to 0: one pod more, then one old pod less.
  run k get events -n "$WL_NS" --field-selector reason=ScalingReplicaSet -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'
  assert_out_line 'Scaled up replica set frontend-[a-z0-9]+ from 0 to 1'
  assert_out_line 'Scaled down replica set frontend-[a-z0-9]+ from 3 to 2'
  assert_out_line 'Scaled up replica set frontend-[a-z0-9]+ from 1 to 2'
  assert_out_line 'Scaled down replica set frontend-[a-z0-9]+ from 2 to 1'
  assert_out_line 'Scaled up replica set frontend-[a-z0-9]+ from 2 to 3'
  assert_out_line 'Scaled down replica set frontend-[a-z0-9]+ from 1 to 0'
  wl_await "ready addresses after the rollout" 3 wl_x_ready wl_ready_ips
  kill "$watch_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
  min="$(awk 'NR == 1 || NF < min { min = NF } END { print min }' "$watch_file")"
  if [[ -n "$min" && "$min" -ge 3 ]]; then pass "fewest ready addresses seen by the watch: $min"; else fail "fewest ready addresses seen by the watch >= 3" "saw ${min:-nothing}"; fi
  # The old ReplicaSet's pods may still be terminating after rollout status returns, as on a cluster.
  local tries
  for ((tries = 0; tries < 200; tries++)); do
    run k get pods -n "$WL_NS" -l app=frontend -o jsonpath='{range .items[*]}{.spec.containers[0].image}{"\n"}{end}'
    [[ "$(grep -c . <<<"$OUT")" == 3 ]] && break
    sleep 0.1
  done
  assert_out_lines 'nginx:1\.27' 'nginx:1\.27' 'nginx:1\.27'
  run k rollout history deployment/frontend -n "$WL_NS"
  assert_rc 0
  assert_out_lines 'deployment\.apps/frontend ' 'REVISION  CHANGE-CAUSE' '1         <none>' '2         <none>'
}

case_workloads_rollout_undo() {
  begin "kubectl rollout undo brings back revision 1's template as revision 3"
  run k rollout undo deployment/frontend -n "$WL_NS"
  assert_rc 0
  assert_out_equals 'deployment.apps/frontend rolled back'
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  run k get deployment frontend -n "$WL_NS" -o jsonpath='{.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\.kubernetes\.io/revision}'
  assert_out_equals 'nginx 3'
  run k rollout history deployment/frontend -n "$WL_NS"
  assert_out_lines 'deployment\.apps/frontend ' 'REVISION  CHANGE-CAUSE' '2         <none>' '3         <none>'
}

case_workloads_pause_resume_restart() {
  begin "kubectl rollout pause, resume and restart"
  run k rollout pause deployment/frontend -n "$WL_NS"
  assert_out_equals 'deployment.apps/frontend paused'
  wl_await "Progressing reason while paused" DeploymentPaused wl_x_out \
    k get deployment frontend -n "$WL_NS" -o 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'
  run k rollout resume deployment/frontend -n "$WL_NS"
  assert_out_equals 'deployment.apps/frontend resumed'
  run k rollout restart deployment/frontend -n "$WL_NS"
  assert_out_equals 'deployment.apps/frontend restarted'
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  run k get deployment frontend -n "$WL_NS" -o jsonpath='{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}'
  assert_out_line '[0-9]{4}-[0-9]{2}-[0-9]{2}T.*'
}

case_workloads_scale() {
  begin "kubectl scale to 0 and back to 3"
  run k scale deployment frontend --replicas=0 -n "$WL_NS"
  assert_rc 0
  assert_out_equals 'deployment.apps/frontend scaled'
  wl_await "pods after scale to 0" 0 wl_x_count k get pods -n "$WL_NS" -l app=frontend -o name
  run k scale deployment frontend --replicas=3 -n "$WL_NS"
  assert_out_equals 'deployment.apps/frontend scaled'
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  wl_await "ready addresses after scaling back" 3 wl_x_ready wl_ready_ips
}

case_workloads_delete_orphan() {
  begin "kubectl delete deployment --cascade=orphan leaves the ReplicaSet and its pods"
  run k delete deployment frontend -n "$WL_NS" --cascade=orphan
  assert_rc 0
  assert_out_equals 'deployment.apps "frontend" deleted'
  wl_await "the orphaned ReplicaSet's owners" "" wl_x_out \
    k get rs -n "$WL_NS" -l app=frontend -o 'jsonpath={range .items[?(@.spec.replicas==3)]}{.metadata.ownerReferences}{end}'
  run k get pods -n "$WL_NS" -l app=frontend -o name
  assert_out_lines 'pod/frontend-.*' 'pod/frontend-.*' 'pod/frontend-.*'
  run k delete rs -n "$WL_NS" -l app=frontend
  assert_rc 0
  wl_await "pods after deleting the orphaned ReplicaSets (background)" 0 wl_x_count k get pods -n "$WL_NS" -l app=frontend -o name
}

case_workloads_delete_background_and_foreground() {
  begin "kubectl delete deployment (background) and --cascade=foreground remove the ReplicaSets and pods"
  run k create deployment frontend --image=nginx --replicas=2 -n "$WL_NS"
  run k rollout status deployment/frontend -n "$WL_NS" --timeout=60s
  assert_rc 0
  run k delete deployment frontend -n "$WL_NS"
  assert_rc 0
  wl_await "ReplicaSets after a background delete" 0 wl_x_count k get rs -n "$WL_NS" -o name
  wl_await "pods after a background delete" 0 wl_x_count k get pods -n "$WL_NS" -o name
  run k create deployment backend --image=nginx --replicas=2 -n "$WL_NS"
  run k rollout status deployment/backend -n "$WL_NS" --timeout=60s
  assert_rc 0
  run k delete deployment backend -n "$WL_NS" --cascade=foreground
  assert_rc 0
  assert_out_equals 'deployment.apps "backend" deleted'
  run k get rs,pods -n "$WL_NS" -o name
  assert_out_equals ''
}

case_workloads_statefulset_dns() {
  begin "a StatefulSet behind a headless Service: web-0, web-1 in order, each with its own DNS name"
  cat >"$E2E_WORK/wl-sts.yaml" <<YAML
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: $WL_NS}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: web, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: $WL_NS}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{name: web, containerPort: 80}]}]
YAML
  run k apply -f "$E2E_WORK/wl-sts.yaml"
  assert_rc 0
  run k rollout status statefulset/web -n "$WL_NS" --timeout=60s
  assert_rc 0
  assert_out_line 'partitioned roll out complete: 2 new pods have been updated\.\.\.|statefulset rolling update complete 2 pods at revision web-[a-z0-9]+\.\.\.'
  run k get statefulset web -n "$WL_NS"
  assert_out_line 'NAME +READY +AGE'
  assert_out_line 'web +2/2 +[0-9]+s'
  run k get pods -n "$WL_NS" -l app=web -o jsonpath='{range .items[*]}{.metadata.name} {.spec.hostname} {.spec.subdomain}{"\n"}{end}'
  assert_out_lines 'web-0 web-0 nginx' 'web-1 web-1 nginx'
  cat >"$E2E_WORK/wl-dns.yaml" <<YAML
apiVersion: mockapi.dev/v1
kind: DNSQuery
spec: {name: web-0.nginx.$WL_NS.svc.cluster.local}
YAML
  local ip
  ip="$(k get pod web-0 -n "$WL_NS" -o jsonpath='{.status.podIP}')"
  wl_await "web-0.nginx.$WL_NS.svc.cluster.local answers web-0's IP" "$ip" wl_x_out \
    k create -f "$E2E_WORK/wl-dns.yaml" -o 'jsonpath={.status.answers[0].data}'
  run k delete statefulset web -n "$WL_NS"
  assert_rc 0
  wl_await "pods after deleting the StatefulSet" 0 wl_x_count k get pods -n "$WL_NS" -l app=web -o name
}

case_workloads_cleanup() {
  begin "the namespace goes"
  run k delete namespace "$WL_NS" --wait=true --timeout=60s
  assert_rc 0
}

E2E_CASES+=(
  case_workloads_api_resources
  case_workloads_create_and_expose
  case_workloads_pod_replaced
  case_workloads_set_image_rolls
  case_workloads_rollout_undo
  case_workloads_pause_resume_restart
  case_workloads_scale
  case_workloads_delete_orphan
  case_workloads_delete_background_and_foreground
  case_workloads_statefulset_dns
  case_workloads_cleanup
)
