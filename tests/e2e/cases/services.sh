# Cases for the services issue: kubectl's service generators, expose, the Service table and
# describe, NodePort errors and the built-in load balancer.
# Sourced by run.sh, which provides k, KUBECTL, KUBECTL_DIR, CREATE_FLAGS and E2E_WORK.
#
# Everything happens in its own namespace so the foundation cases' exact listings stay as they
# are; the namespace is deleted at the end.

SVC_NS=svc-e2e
SVC_AGE='[0-9]+[smhd]([0-9]+[smh])?'
SVC_IP='10\.(9[6-9]|10[0-9]|11[01])\.[0-9]+\.[0-9]+'
SVC_NODE_PORT='3[0-2][0-9]{3}'
# The default --load-balancer-ip-range.
SVC_LB_IP='172\.18\.255\.(2[0-4][0-9]|250)'
SVC_LB_ADDRESS=""

ks() { k -n "$SVC_NS" "$@"; }

case_svc_namespace() {
  begin "services: a namespace for the service cases"
  run k create namespace "$SVC_NS"
  assert_rc 0
  assert_out_equals "namespace/$SVC_NS created"
}

case_svc_create_nodeport() {
  begin "kubectl create service nodeport (protobuf body) allocates a ClusterIP and a NodePort"
  run ks create service nodeport frontend-svc --tcp=80:5000
  assert_rc 0
  assert_out_equals 'service/frontend-svc created'
  run ks get svc frontend-svc -o 'jsonpath={.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.clusterIP} {.spec.ports[0].nodePort}'
  assert_rc 0
  assert_out_line "frontend-svc 80 5000 $SVC_IP $SVC_NODE_PORT"
}

case_svc_create_nodeport_requested() {
  begin "kubectl create service nodeport --node-port=32233 gets that port; a second request is refused"
  run ks create service nodeport frontend-fixed --tcp=80:5000 --node-port=32233
  assert_rc 0
  assert_out_equals 'service/frontend-fixed created'
  run ks create service nodeport frontend-dup --tcp=80:5000 --node-port=32233
  assert_rc 1
  assert_err_line 'error: failed to create NodePort service: Service "frontend-dup" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 32233: provided port is already allocated'
  run ks create service nodeport frontend-low --tcp=80:5000 --node-port=80
  assert_rc 1
  assert_err_line 'error: failed to create NodePort service: Service "frontend-low" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range\. The range of valid ports is 30000-32767'
}

case_svc_create_loadbalancer() {
  begin "kubectl create service loadbalancer gets an address from the load-balancer pool"
  run ks create service loadbalancer lb --tcp=80:8080
  assert_rc 0
  assert_out_equals 'service/lb created'
  local deadline=$((SECONDS + 15))
  while :; do
    run ks get svc lb -o 'jsonpath={.status.loadBalancer.ingress[0].ip} {.status.loadBalancer.ingress[0].ipMode}'
    [[ "$OUT" =~ ^$SVC_LB_IP\  ]] || ((SECONDS >= deadline)) || { sleep 0.2; continue; }
    break
  done
  assert_out_line "$SVC_LB_IP VIP"
  SVC_LB_ADDRESS="${OUT%% *}"
}

case_svc_loadbalancer_other_class() {
  begin "a LoadBalancer of another loadBalancerClass stays <pending>"
  local file="$E2E_WORK/lb-other.yaml"
  cat >"$file" <<YAML
apiVersion: v1
kind: Service
metadata:
  name: lb-other
spec:
  type: LoadBalancer
  loadBalancerClass: example.com/other
  selector:
    app: lb-other
  ports:
  - port: 80
    targetPort: 8080
YAML
  run ks create -f "$file" "${CREATE_FLAGS[@]}"
  assert_rc 0
  assert_out_equals 'service/lb-other created'
}

case_svc_create_externalname() {
  begin "kubectl create service externalname has no ClusterIP and no ports"
  run ks create service externalname ext --external-name db.example.com
  assert_rc 0
  assert_out_equals 'service/ext created'
}

case_svc_expose_pod() {
  begin "kubectl run, then kubectl expose pod --type=NodePort copies the pod's labels as selector"
  run ks run web --image=nginx --labels=app=frontend
  assert_rc 0
  assert_out_equals 'pod/web created'
  run ks expose pod web --port=80 --target-port=5000 --type=NodePort
  assert_rc 0
  assert_out_equals 'service/web exposed'
}

case_svc_get() {
  begin "kubectl get svc prints TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) per type"
  run ks get svc
  assert_rc 0
  assert_out_lines \
    'NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE' \
    "ext +ExternalName +<none> +db\\.example\\.com +<none> +$SVC_AGE" \
    "frontend-fixed +NodePort +$SVC_IP +<none> +80:32233/TCP +$SVC_AGE" \
    "frontend-svc +NodePort +$SVC_IP +<none> +80:$SVC_NODE_PORT/TCP +$SVC_AGE" \
    "lb +LoadBalancer +$SVC_IP +${SVC_LB_ADDRESS//./\\.} +80:$SVC_NODE_PORT/TCP +$SVC_AGE" \
    "lb-other +LoadBalancer +$SVC_IP +<pending> +80:$SVC_NODE_PORT/TCP +$SVC_AGE" \
    "web +NodePort +$SVC_IP +<none> +80:$SVC_NODE_PORT/TCP +$SVC_AGE"
}

case_svc_get_wide() {
  begin "kubectl get svc -o wide adds SELECTOR"
  run ks get svc -o wide
  assert_rc 0
  assert_out_line 'NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE +SELECTOR'
  assert_out_line "ext +ExternalName +<none> +db\\.example\\.com +<none> +$SVC_AGE +app=ext"
  assert_out_line "frontend-svc +NodePort +$SVC_IP +<none> +80:$SVC_NODE_PORT/TCP +$SVC_AGE +app=frontend-svc"
  assert_out_line "lb +LoadBalancer +$SVC_IP +${SVC_LB_ADDRESS//./\\.} +80:$SVC_NODE_PORT/TCP +$SVC_AGE +app=lb"
  assert_out_line "web +NodePort +$SVC_IP +<none> +80:$SVC_NODE_PORT/TCP +$SVC_AGE +app=frontend"
}

case_svc_describe_nodeport() {
  begin "kubectl describe svc shows IP, IPs, Port, TargetPort, NodePort, Endpoints, Session Affinity"
  run ks describe svc frontend-svc
  assert_rc 0
  assert_out_line 'Selector: +app=frontend-svc'
  assert_out_line 'Type: +NodePort'
  assert_out_line 'IP Family Policy: +SingleStack'
  assert_out_line 'IP Families: +IPv4'
  assert_out_line "IP: +$SVC_IP"
  assert_out_line "IPs: +$SVC_IP"
  assert_out_line 'Port: +80-5000 +80/TCP'
  assert_out_line 'TargetPort: +5000/TCP'
  assert_out_line "NodePort: +80-5000 +$SVC_NODE_PORT/TCP"
  # No pod has app=frontend-svc: the EndpointSlice controller keeps an empty placeholder slice, and
  # kubectl (which reads slices) prints an empty Endpoints line for it, not <none>.
  assert_out_line 'Endpoints: *'
  assert_out_line 'Session Affinity: +None'
  assert_out_line 'External Traffic Policy: +Cluster'
  assert_out_line 'Events: +<none>'
}

case_svc_describe_selected_pod() {
  begin "kubectl describe svc web lists the running pod it selects at IP:targetPort"
  run ks wait --for=condition=Ready pod/web --timeout=30s
  assert_rc 0
  run ks get pod web -o 'jsonpath={.status.podIP}'
  local ip="$OUT" deadline=$((SECONDS + 30))
  if [[ "$ip" =~ ^10\.244\.[0-9]+\.[0-9]+$ ]]; then pass "web has a pod IP ($ip)"; else fail "web has a pod IP" "got '$ip'"; fi
  while :; do
    run ks describe svc web
    _has_line "$OUT" "Endpoints: +${ip//./\\.}:5000" && break
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  assert_out_line "Endpoints: +${ip//./\\.}:5000"
  assert_out_line 'Selector: +app=frontend'
}

case_svc_describe_loadbalancer() {
  begin "kubectl describe svc of a LoadBalancer shows the ingress and the IPAllocated event"
  run ks describe svc lb
  assert_rc 0
  assert_out_line "LoadBalancer Ingress: +${SVC_LB_ADDRESS//./\\.} \\(VIP\\)"
  assert_out_line 'NodePort: +80-8080 +[0-9]+/TCP'
  assert_out_line " +Normal +IPAllocated +$SVC_AGE +metallb-controller +Assigned IP \\[\"${SVC_LB_ADDRESS//./\\.}\"\\]"
}

case_svc_describe_externalname() {
  begin "kubectl describe svc of an ExternalName shows the external name"
  run ks describe svc ext
  assert_rc 0
  assert_out_line 'Type: +ExternalName'
  assert_out_line 'External Name: +db\.example\.com'
}

case_svc_type_change_releases_lb() {
  begin "changing a LoadBalancer to ClusterIP drops its nodePort and external address"
  run ks patch svc lb -p '{"spec":{"type":"ClusterIP"}}'
  assert_rc 0
  assert_out_equals 'service/lb patched'
  run ks get svc lb
  assert_rc 0
  assert_out_lines 'NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE' "lb +ClusterIP +$SVC_IP +<none> +80/TCP +$SVC_AGE"
}

case_svc_cleanup() {
  begin "services: delete the namespace of the service cases"
  run k delete namespace "$SVC_NS" --wait=false
  assert_rc 0
  assert_out_equals "namespace \"$SVC_NS\" deleted"
  run k wait --for=delete "ns/$SVC_NS" --timeout=30s
  assert_rc 0
}

E2E_CASES+=(
  case_svc_namespace
  case_svc_create_nodeport
  case_svc_create_nodeport_requested
  case_svc_create_loadbalancer
  case_svc_loadbalancer_other_class
  case_svc_create_externalname
  case_svc_expose_pod
  case_svc_get
  case_svc_get_wide
  case_svc_describe_nodeport
  case_svc_describe_selected_pod
  case_svc_describe_loadbalancer
  case_svc_describe_externalname
  case_svc_type_change_releases_lb
  case_svc_cleanup
)
