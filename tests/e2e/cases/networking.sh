# Cases for the networking issue: where traffic goes (RouteReview, iptables) and cluster DNS, from
# kubectl and from inside pods (nslookup, getent, curl), on the seed story's frontend-svc.
# Sourced by run.sh, which provides k, E2E_WORK, SERVER_URL and the assertion helpers.

NET_NS=net-e2e

case_networking_setup() {
  begin "networking: three frontend pods behind frontend-svc (NodePort 32233), redis-master in $NET_NS"
  run k create namespace "$NET_NS"
  assert_rc 0
  local i
  # agnhost netexec, the image Kubernetes' own Service tests run, serving HTTP on the seed story's targetPort.
  for i in 1 2 3; do run k -n "$NET_NS" run "frontend-$i" --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --labels=app=frontend --port=5000 -- netexec --http-port=5000; done
  run k -n "$NET_NS" create service nodeport frontend-svc --tcp=80:5000 --node-port=32234
  run k -n "$NET_NS" patch svc frontend-svc -p '{"spec":{"selector":{"app":"frontend"}}}'
  run k -n "$NET_NS" run redis --image=redis:7 --labels=app=redis --port=6379
  run k -n "$NET_NS" create service clusterip redis-master --tcp=6379:6379
  run k -n "$NET_NS" patch svc redis-master -p '{"spec":{"selector":{"app":"redis"}}}'
  run k -n "$NET_NS" create service externalname external-db --external-name db.example.com
  run k -n "$NET_NS" wait --for=condition=Ready pod --all --timeout=30s
  assert_rc 0
  local tries
  for ((tries = 0; tries < 100; tries++)); do
    run k -n "$NET_NS" get endpoints frontend-svc -o jsonpath='{.subsets[0].addresses[*].ip}'
    [[ $(wc -w <<<"$OUT") -eq 3 ]] && break
    sleep 0.1
  done
  assert_out_line '10\.244\.[0-9.]+ 10\.244\.[0-9.]+ 10\.244\.[0-9.]+'
}

case_route_review() {
  begin "kubectl create -f routereview.yaml -o yaml: frontend-svc's ClusterIP:80 lands on a frontend pod at 5000"
  local file="$E2E_WORK/review.yaml"
  printf 'apiVersion: mockapi.dev/v1\nkind: RouteReview\nspec:\n  sourcePod: {namespace: %s, name: redis}\n  destination: frontend-svc:80\n' "$NET_NS" >"$file"
  run k create -f "$file" -o jsonpath='{.status.routed} {.status.endpoint.pod} {.status.endpoint.port} {.status.service.name}'
  assert_rc 0
  assert_out_line 'true frontend-[1-3] 5000 frontend-svc'
  printf 'apiVersion: mockapi.dev/v1\nkind: RouteReview\nspec:\n  sourceIP: 192.168.1.10\n  destination: 172.18.0.3:32234\n' >"$file"
  run k create -f "$file" -o jsonpath='{.status.routed} {.status.node} {.status.endpoint.port}'
  assert_out_line 'true node-2 5000'
}

case_iptables() {
  begin "kubectl get --raw .../nodes/node-1/iptables shows the Service's rules, and none after it is deleted"
  run k get --raw /apis/mockapi.dev/v1/nodes/node-1/iptables
  assert_rc 0
  assert_out_line '\*nat'
  assert_out_line "-A KUBE-SERVICES -d [0-9.]+/32 -p tcp -m comment --comment \"$NET_NS/frontend-svc:80-5000 cluster IP\" -m tcp --dport 80 -j KUBE-SVC-[A-Z0-9]{16}"
  assert_out_line "-A KUBE-NODEPORTS -p tcp -m comment --comment \"$NET_NS/frontend-svc:80-5000\" -m tcp --dport 32234 -j KUBE-EXT-[A-Z0-9]{16}"
}

case_in_pod_dns_and_curl() {
  begin "inside a pod: nslookup, getent hosts and curl follow the search path and the proxy"
  run k -n "$NET_NS" exec redis -- nslookup frontend-svc
  assert_rc 0
  assert_out_line "Name:	frontend-svc\.$NET_NS\.svc\.cluster\.local"
  run k -n "$NET_NS" exec redis -- getent hosts redis-master
  assert_out_line "[0-9.]+ +redis-master\.$NET_NS\.svc\.cluster\.local"
  run k -n "$NET_NS" exec redis -- nslookup external-db
  assert_out_line "external-db\.$NET_NS\.svc\.cluster\.local	canonical name = db\.example\.com"
  run k -n "$NET_NS" exec redis -- curl -s http://frontend-svc/hostname
  assert_rc 0
  assert_out_line "frontend-[1-3]"
  run k -n "$NET_NS" exec redis -- curl -s -o /dev/null -w '%{http_code}' http://frontend-svc/nothing
  assert_out_equals "404"
  run k -n "$NET_NS" exec redis -- curl http://nosuch/
  assert_rc 6
  assert_err_line 'curl: \(6\) Could not resolve host: nosuch'
}

case_dns_socket() {
  begin "dig against the cluster DNS port answers A and CNAME records"
  if ! command -v dig >/dev/null 2>&1 || [[ -z "${DNS_PORT:-}" ]]; then
    echo "  skip: dig not installed or the DNS port is off"
    return 0
  fi
  run dig @127.0.0.1 -p "$DNS_PORT" "frontend-svc.$NET_NS.svc.cluster.local" +short
  assert_out_line '10\.[0-9.]+'
  run dig @127.0.0.1 -p "$DNS_PORT" "external-db.$NET_NS.svc.cluster.local" +short
  assert_out_line 'db\.example\.com\.'
}

case_networking_cleanup() {
  begin "networking: the namespace goes again, and with it the Service's rules"
  run k delete namespace "$NET_NS" --wait=false
  run k wait --for=delete "namespace/$NET_NS" --timeout=30s
  assert_rc 0
  run k get --raw /apis/mockapi.dev/v1/nodes/node-1/iptables
  assert_no_out_line ".*$NET_NS/frontend-svc.*"
}

E2E_CASES+=(
  case_networking_setup
  case_route_review
  case_iptables
  case_in_pod_dns_and_curl
  case_dns_socket
  case_networking_cleanup
)
