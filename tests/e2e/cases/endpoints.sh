# Cases for the endpoints issue: the seed's frontend scenario through kubectl get endpoints,
# get endpointslices and describe svc. Sourced by run.sh (provides k, CREATE_FLAGS, E2E_WORK).
#
# No kubelet runs yet, so pods are pinned to a node (schedulerName none) and made Running, with an
# IP and a Ready condition, through `kubectl patch --subresource=status`.

EP_NS=ep-e2e

# ep_poll ERE CMD...: re-runs CMD (through `run`) until a stdout line matches ERE or 20s pass.
ep_poll() {
  local ere="$1" deadline=$((SECONDS + 20))
  shift
  while :; do
    run "$@"
    _has_line "$OUT" "$ere" && break
    ((SECONDS >= deadline)) && break
    sleep 0.1
  done
  assert_out_line "$ere"
}

# ep_poll_gone CMD...: re-runs CMD until it fails with NotFound or prints nothing (20s at most).
ep_poll_gone() {
  local deadline=$((SECONDS + 20))
  while :; do
    run "$@"
    [[ -z "$OUT" && ( $RC != 0 || "$ERR" == "No resources found"* ) ]] && break
    ((SECONDS >= deadline)) && break
    sleep 0.1
  done
  if [[ -z "$OUT" ]]; then pass "gone: $*"; else fail "gone: $*" "still listed after 20s"; fi
}

# ep_pod NAME IP [APP]: creates a frontend pod on node-1 and makes it Running and Ready at IP.
ep_pod() {
  local file="$E2E_WORK/ep-$1.yaml"
  cat >"$file" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $1
  labels:
    app: ${3:-frontend}
spec:
  schedulerName: none
  nodeName: node-1
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 5000
YAML
  run k create -n "$EP_NS" -f "$file" "${CREATE_FLAGS[@]}"
  assert_rc 0
  ep_status "$1" "$2" True
}

# ep_status NAME IP READY: patches the pod's status through the status subresource.
ep_status() {
  local now
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  run k patch pod "$1" -n "$EP_NS" --subresource=status --type=merge -p "{\"status\":{\"phase\":\"Running\",\"podIP\":\"$2\",\"podIPs\":[{\"ip\":\"$2\"}],\"hostIP\":\"172.18.0.2\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"$3\",\"lastTransitionTime\":\"$now\"}],\"containerStatuses\":[{\"name\":\"web\",\"image\":\"nginx:1.27\",\"imageID\":\"\",\"ready\":$( [[ $3 == True ]] && echo true || echo false ),\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"$now\"}}}]}}"
  assert_rc 0
}

case_endpoints_setup() {
  begin "endpoints: a node, three app=frontend pods on port 5000 and frontend-svc 80→5000"
  run k create namespace "$EP_NS"
  assert_rc 0
  printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\n  labels:\n    topology.kubernetes.io/zone: zone-a\n' >"$E2E_WORK/ep-node.yaml"
  run k create -f "$E2E_WORK/ep-node.yaml" "${CREATE_FLAGS[@]}"
  ep_pod frontend-1 10.244.1.11
  ep_pod frontend-2 10.244.1.12
  ep_pod frontend-3 10.244.1.13
  run k create service clusterip frontend-svc -n "$EP_NS" --tcp=80:5000
  assert_rc 0
  # `create service` selects app=frontend-svc; point it at the frontend pods.
  run k set selector service frontend-svc -n "$EP_NS" app=frontend
  assert_rc 0
}

case_endpoints_three_addresses() {
  begin "kubectl get endpoints lists the three ready pods on port 5000"
  ep_poll "frontend-svc +10\.244\.1\.11:5000,10\.244\.1\.12:5000,10\.244\.1\.13:5000 +$AGE" k get endpoints -n "$EP_NS"
  assert_out_line 'NAME +ENDPOINTS +AGE'
}

case_endpointslices_columns() {
  begin "kubectl get endpointslices prints ADDRESSTYPE, PORTS and ENDPOINTS"
  ep_poll "frontend-svc-[a-z0-9]{5} +IPv4 +5000 +10\.244\.1\.11,10\.244\.1\.12,10\.244\.1\.13 +$AGE" k get endpointslices -n "$EP_NS"
  assert_out_line 'NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE'
  run k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o jsonpath='{.items[0].metadata.labels.endpointslice\.kubernetes\.io/managed-by} {.items[0].endpoints[0].zone} {.items[0].endpoints[0].conditions.ready}'
  assert_out_equals 'endpointslice-controller.k8s.io zone-a true'
}

case_endpoints_describe() {
  begin "kubectl describe svc shows the Endpoints line (read from EndpointSlices)"
  run k describe svc frontend-svc -n "$EP_NS"
  assert_rc 0
  assert_out_line 'Endpoints: +10\.244\.1\.11:5000,10\.244\.1\.12:5000,10\.244\.1\.13:5000'
}

case_endpoints_delete_and_replace() {
  begin "delete a pod → two addresses; a replacement → three again with its new IP"
  run k delete pod frontend-2 -n "$EP_NS"
  assert_rc 0
  ep_poll "frontend-svc +10\.244\.1\.11:5000,10\.244\.1\.13:5000 +$AGE" k get endpoints -n "$EP_NS"
  ep_pod frontend-4 10.244.1.14
  ep_poll "frontend-svc +10\.244\.1\.11:5000,10\.244\.1\.13:5000,10\.244\.1\.14:5000 +$AGE" k get endpoints -n "$EP_NS"
}

case_endpoints_not_ready() {
  begin "Ready=False through pods/status moves the pod to notReadyAddresses"
  ep_status frontend-3 10.244.1.13 False
  ep_poll "frontend-svc +10\.244\.1\.11:5000,10\.244\.1\.14:5000 +$AGE" k get endpoints -n "$EP_NS"
  run k get endpoints frontend-svc -n "$EP_NS" -o jsonpath='{.subsets[0].notReadyAddresses[*].ip}'
  assert_out_equals '10.244.1.13'
  run k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}={.conditions.ready}{" "}{end}'
  assert_out_contains '10.244.1.13=false'
  ep_status frontend-3 10.244.1.13 True
  ep_poll "frontend-svc +10\.244\.1\.11:5000,10\.244\.1\.13:5000,10\.244\.1\.14:5000 +$AGE" k get endpoints -n "$EP_NS"
}

case_endpoints_relabel() {
  begin "relabelling a pod takes it out of the Service"
  run k label pod frontend-1 -n "$EP_NS" app=canary --overwrite
  assert_rc 0
  ep_poll "frontend-svc +10\.244\.1\.13:5000,10\.244\.1\.14:5000 +$AGE" k get endpoints -n "$EP_NS"
  ep_poll "frontend-svc-[a-z0-9]{5} +IPv4 +5000 +10\.244\.1\.1[34],10\.244\.1\.1[34] +$AGE" k get endpointslices -n "$EP_NS"
}

case_endpoints_selectorless() {
  begin "a selectorless Service keeps the user's Endpoints, mirrored into a slice"
  cat >"$E2E_WORK/ep-external.yaml" <<YAML
apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
  - port: 5432
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
subsets:
- addresses:
  - ip: 192.0.2.10
  ports:
  - port: 5432
YAML
  run k create -n "$EP_NS" -f "$E2E_WORK/ep-external.yaml" "${CREATE_FLAGS[@]}"
  assert_rc 0
  ep_poll "external-db-[a-z0-9]{5} +IPv4 +5432 +192\.0\.2\.10 +$AGE" k get endpointslices -n "$EP_NS" -l endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io
  run k get endpoints external-db -n "$EP_NS"
  assert_out_line "external-db +192\.0\.2\.10:5432 +$AGE"
}

case_endpoints_service_deleted() {
  begin "deleting the Service removes its Endpoints and EndpointSlices"
  run k delete svc frontend-svc -n "$EP_NS"
  assert_rc 0
  ep_poll_gone k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc
  run k get endpoints frontend-svc -n "$EP_NS"
  assert_err_line 'Error from server \(NotFound\): endpoints "frontend-svc" not found'
}

case_endpointslices_api_resources() {
  begin "kubectl api-resources lists endpointslices in discovery.k8s.io/v1"
  run k api-resources --api-group=discovery.k8s.io
  assert_rc 0
  assert_out_line 'endpointslices +discovery\.k8s\.io/v1 +true +EndpointSlice'
}

case_endpoints_cleanup() {
  begin "endpoints: the namespace and node go away again (the foundation cases count namespaces)"
  run k delete namespace "$EP_NS" --wait=false
  assert_rc 0
  run k delete node node-1
  assert_rc 0
  ep_poll_gone k get namespace "$EP_NS"
}

E2E_CASES+=(
  case_endpointslices_api_resources
  case_endpoints_setup
  case_endpoints_three_addresses
  case_endpointslices_columns
  case_endpoints_describe
  case_endpoints_delete_and_replace
  case_endpoints_not_ready
  case_endpoints_relabel
  case_endpoints_selectorless
  case_endpoints_service_deleted
  case_endpoints_cleanup
)

case_endpoints_kubernetes_service() {
  begin "kubectl describe svc kubernetes shows the API server endpoint"
  run k describe svc kubernetes -n default
  assert_rc 0
  assert_out_line 'Endpoints: +172\.18\.0\.1:6443'
}

E2E_CASES+=(case_endpoints_kubernetes_service)
