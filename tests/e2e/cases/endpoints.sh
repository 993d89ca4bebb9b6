# Cases for the endpoints issue: the seed's frontend scenario through kubectl get endpoints,
# get endpointslices and describe svc. Sourced by run.sh (provides k, CREATE_FLAGS, E2E_WORK).
#
# The pods run on the simulated cluster as a user's would: the scheduler binds them to the seeded
# nodes, the simulated kubelet gives them an IP from the node's pod CIDR and makes them Ready, and
# the cases wait for that and for the controllers to converge (polling with a deadline). The only
# status a case writes itself is Ready=False through pods/status, which the kubelet leaves alone.
# The seeded nodes stay: node-1 gets a zone label for the zone check and loses it at the end.

EP_NS=ep-e2e
EP_ZONE_LABEL=topology.kubernetes.io/zone
EP_TIMEOUT=30
declare -A EP_IP=()

# ep_sorted WORD...: the words joined by commas in byte order (the order the Endpoints controller
# keeps its addresses in).
ep_sorted() { printf '%s\n' "$@" | LC_ALL=C sort | paste -sd, -; }

# ep_await WHAT WANT EXTRACT CMD...: re-runs CMD (through `run`) until the function EXTRACT, which
# reads OUT, prints WANT, or EP_TIMEOUT seconds pass; one assertion.
ep_await() {
  local what="$1" want="$2" extract="$3" got="" deadline=$((SECONDS + EP_TIMEOUT))
  shift 3
  while :; do
    run "$@"
    got="$("$extract")"
    [[ "$got" == "$want" ]] && break
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  if [[ "$got" == "$want" ]]; then pass "$what: $want"; else fail "$what: $want" "got '$got' after ${EP_TIMEOUT}s"; fi
}

# Extractors for ep_await.
# The ENDPOINTS column of `get endpoints` for frontend-svc, as printed.
ep_x_endpoints() { awk '$1 == "frontend-svc" { print $2 }' <<<"$OUT"; }
# The addresses in the ENDPOINTS column of frontend-svc's slices, sorted (a slice keeps pod order).
ep_x_slices() {
  awk 'NR > 1 && $1 ~ /^frontend-svc-/ { print $4 }' <<<"$OUT" | tr , '\n' | grep -v '^<unset>$' | LC_ALL=C sort | paste -sd, -
}
# The addresses on describe's Endpoints line, sorted.
ep_x_describe() {
  sed -n 's/^Endpoints: *//p' <<<"$OUT" | tr , '\n' | sed '/^$/d' | LC_ALL=C sort | paste -sd, -
}
# OUT as it is.
ep_x_out() { printf '%s\n' "$OUT"; }

# ep_addrs SUFFIX NAME...: the pods' IPs, each followed by SUFFIX (":5000" or ""), in byte order.
ep_addrs() {
  local suffix="$1" name
  shift
  local -a list=()
  for name in "$@"; do list+=("${EP_IP[$name]}$suffix"); done
  ep_sorted "${list[@]}"
}

# ep_expect NAME...: Endpoints, EndpointSlices and describe svc converge on these pods (all ready).
ep_expect() {
  local want_ep want_slice
  want_ep="$(ep_addrs :5000 "$@")"
  want_slice="$(ep_addrs "" "$@")"
  ep_await "get endpoints" "$want_ep" ep_x_endpoints k get endpoints frontend-svc -n "$EP_NS"
  assert_out_line 'NAME +ENDPOINTS +AGE'
  assert_out_line "frontend-svc +${want_ep//./\\.} +$AGE"
  ep_await "get endpointslices" "$want_slice" ep_x_slices k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc
  assert_out_line 'NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE'
  assert_out_line "frontend-svc-[a-z0-9]{5} +IPv4 +5000 +[0-9.,]+ +$AGE"
  ep_await "describe svc" "$want_ep" ep_x_describe k describe svc frontend-svc -n "$EP_NS"
}

# ep_learn_ips: records every app=frontend pod's IP in EP_IP.
ep_learn_ips() {
  local name ip
  run k get pods -n "$EP_NS" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.podIP}{"\n"}{end}'
  while read -r name ip; do
    [[ -n "$name" ]] && EP_IP[$name]="$ip"
  done <<<"$OUT"
}

# ep_run NAME: kubectl run a frontend pod that listens on 5000.
ep_run() {
  run k run "$1" -n "$EP_NS" --image=nginx:1.27 --labels=app=frontend --port=5000
  assert_rc 0
  assert_out_equals "pod/$1 created"
}

case_endpoints_setup() {
  begin "endpoints: three app=frontend pods on port 5000 (one pinned to zone-a) and frontend-svc 80→5000"
  run k create namespace "$EP_NS"
  assert_rc 0
  run k label node node-1 "$EP_ZONE_LABEL=zone-a"
  assert_rc 0
  assert_out_equals 'node/node-1 labeled'
  cat >"$E2E_WORK/ep-frontend-1.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: frontend-1
  labels:
    app: frontend
spec:
  nodeSelector:
    $EP_ZONE_LABEL: zone-a
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 5000
YAML
  run k create -n "$EP_NS" -f "$E2E_WORK/ep-frontend-1.yaml" "${CREATE_FLAGS[@]}"
  assert_rc 0
  ep_run frontend-2
  ep_run frontend-3
  run k create service clusterip frontend-svc -n "$EP_NS" --tcp=80:5000
  assert_rc 0
  # `create service` selects app=frontend-svc; point it at the frontend pods.
  run k set selector service frontend-svc -n "$EP_NS" app=frontend
  assert_rc 0
  run k wait -n "$EP_NS" --for=condition=Ready pod -l app=frontend --timeout=30s
  assert_rc 0
  run k get pod frontend-1 -n "$EP_NS" -o jsonpath='{.spec.nodeName}'
  assert_out_equals node-1
  ep_learn_ips
  local name
  for name in frontend-1 frontend-2 frontend-3; do
    if [[ "${EP_IP[$name]:-}" =~ ^10\.244\.[0-9]+\.[0-9]+$ ]]; then pass "$name has a pod IP (${EP_IP[$name]})"; else fail "$name has a pod IP" "got '${EP_IP[$name]:-}'"; fi
  done
}

case_endpoints_three_addresses() {
  begin "get endpoints, get endpointslices and describe svc show the three ready pods on port 5000"
  ep_expect frontend-1 frontend-2 frontend-3
}

case_endpointslices_fields() {
  begin "the EndpointSlice is the controller's, with the pinned pod's node and zone"
  run k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o jsonpath='{.items[0].metadata.labels.endpointslice\.kubernetes\.io/managed-by}'
  assert_out_equals 'endpointslice-controller.k8s.io'
  run k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}={.nodeName}/{.zone}/{.conditions.ready}{"\n"}{end}'
  assert_rc 0
  assert_out_line "${EP_IP[frontend-1]//./\\.}=node-1/zone-a/true"
}

case_endpoints_delete_and_replace() {
  begin "delete a pod → two addresses; a replacement → three again with its new IP"
  local old_ip="${EP_IP[frontend-2]}"
  run k delete pod frontend-2 -n "$EP_NS"
  assert_rc 0
  assert_out_equals 'pod "frontend-2" deleted'
  ep_expect frontend-1 frontend-3
  ep_run frontend-4
  run k wait -n "$EP_NS" --for=condition=Ready pod/frontend-4 --timeout=30s
  assert_rc 0
  ep_learn_ips
  if [[ -n "${EP_IP[frontend-4]:-}" && "${EP_IP[frontend-4]}" != "$old_ip" ]]; then
    pass "the replacement has a new IP (${EP_IP[frontend-4]}, was $old_ip)"
  else
    fail "the replacement has a new IP" "got '${EP_IP[frontend-4]:-}', the deleted pod had $old_ip"
  fi
  ep_expect frontend-1 frontend-3 frontend-4
}

case_endpoints_not_ready() {
  begin "Ready=False through pods/status moves the pod to notReadyAddresses"
  run k patch pod frontend-3 -n "$EP_NS" --subresource=status --type=strategic -p '{"status":{"conditions":[{"type":"Ready","status":"False"}]}}'
  assert_rc 0
  assert_out_equals 'pod/frontend-3 patched'
  run k get pod frontend-3 -n "$EP_NS" -o jsonpath='{range .status.conditions[*]}{.type}={.status}{" "}{end}'
  assert_out_contains 'Ready=False'
  assert_out_contains 'PodScheduled=True'
  ep_await "get endpoints" "$(ep_addrs :5000 frontend-1 frontend-4)" ep_x_endpoints k get endpoints frontend-svc -n "$EP_NS"
  ep_await "notReadyAddresses" "${EP_IP[frontend-3]}" ep_x_out k get endpoints frontend-svc -n "$EP_NS" -o jsonpath='{.subsets[*].notReadyAddresses[*].ip}'
  ep_await "describe svc" "$(ep_addrs :5000 frontend-1 frontend-4)" ep_x_describe k describe svc frontend-svc -n "$EP_NS"
  # The slice keeps the endpoint, with ready=false.
  ep_await "get endpointslices" "$(ep_addrs "" frontend-1 frontend-3 frontend-4)" ep_x_slices k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc
  run k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}={.conditions.ready}{"\n"}{end}'
  assert_out_line "${EP_IP[frontend-3]//./\\.}=false"
  run k patch pod frontend-3 -n "$EP_NS" --subresource=status --type=strategic -p '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}'
  assert_rc 0
  ep_expect frontend-1 frontend-3 frontend-4
}

case_endpoints_relabel() {
  begin "relabelling a pod takes it out of the Service"
  run k label pod frontend-1 -n "$EP_NS" app=canary --overwrite
  assert_rc 0
  assert_out_equals 'pod/frontend-1 labeled'
  ep_expect frontend-3 frontend-4
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
  ep_await "mirrored slice" "192.0.2.10" ep_x_mirrored k get endpointslices -n "$EP_NS" -l endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io
  assert_out_line "external-db-[a-z0-9]{5} +IPv4 +5432 +192\.0\.2\.10 +$AGE"
  run k get endpoints external-db -n "$EP_NS"
  assert_out_line "external-db +192\.0\.2\.10:5432 +$AGE"
}
ep_x_mirrored() { awk 'NR > 1 && $1 ~ /^external-db-/ { print $4 }' <<<"$OUT"; }

case_endpoints_service_deleted() {
  begin "deleting the Service removes its Endpoints and EndpointSlices"
  run k delete svc frontend-svc -n "$EP_NS"
  assert_rc 0
  ep_await "slices of frontend-svc" "" ep_x_out k get endpointslices -n "$EP_NS" -l kubernetes.io/service-name=frontend-svc -o name
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
  begin "endpoints: the namespace goes away and node-1 loses its zone label (the seeded nodes stay)"
  run k delete namespace "$EP_NS" --wait=false
  assert_rc 0
  run k wait --for=delete "ns/$EP_NS" --timeout=30s
  assert_rc 0
  run k label node node-1 "$EP_ZONE_LABEL-"
  assert_rc 0
  assert_out_equals 'node/node-1 unlabeled'
  run k get nodes -o name
  assert_out_lines 'node/node-1' 'node/node-2' 'node/node-3'
}

E2E_CASES+=(
  case_endpointslices_api_resources
  case_endpoints_setup
  case_endpoints_three_addresses
  case_endpointslices_fields
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
