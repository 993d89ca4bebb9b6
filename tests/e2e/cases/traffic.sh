# Cases for traffic from the host (issue 16): the API server proxy through `kubectl proxy` and
# `kubectl get --raw`, and kubectl port-forward (WebSocket-tunnelled SPDY on 1.32/1.33, plain SPDY on 1.29). Sourced by run.sh, which provides k, KUBECTL, KUBECTL_DIR, E2E_WORK and the
# assertion helpers. Every background process a case starts is stopped by its PID.

TRAFFIC_NS=traffic-e2e

# traffic_await_endpoints SVC COUNT: waits until the Service's Endpoints list COUNT addresses.
traffic_await_endpoints() {
  local tries
  for ((tries = 0; tries < 100; tries++)); do
    run k -n "$TRAFFIC_NS" get endpoints "$1" -o jsonpath='{.subsets[0].addresses[*].ip}'
    [[ $(wc -w <<<"$OUT") -eq $2 ]] && return 0
    sleep 0.1
  done
  return 1
}

# traffic_start_bg LOG KUBECTL ARGS...: starts that kubectl binary (with k's flags) in the background,
# its output in LOG; BG_PID is the kubectl process itself (a plain command, not a function, so that
# stopping the PID stops kubectl).
traffic_start_bg() {
  local log="$1" binary="$2"
  shift 2
  "$binary" --kubeconfig "$KUBECONFIG" --cache-dir "$E2E_WORK/cache/${binary##*/}" --request-timeout=20s "$@" >"$log" 2>&1 </dev/null &
  BG_PID=$!
}

# traffic_stop_bg PID: stops a process this file started.
traffic_stop_bg() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# traffic_await_line LOG ERE: waits (10 s at most) until a line of LOG matches ERE; the line in LINE.
traffic_await_line() {
  local tries
  LINE=""
  for ((tries = 0; tries < 100; tries++)); do
    LINE="$(grep -E -m1 "$2" "$1" 2>/dev/null || true)"
    [[ -n "$LINE" ]] && return 0
    sleep 0.1
  done
  return 1
}

case_traffic_setup() {
  begin "traffic: two nginx pods behind frontend-svc (NodePort), an agnhost pod, redis"
  run k create namespace "$TRAFFIC_NS"
  assert_rc 0
  run k -n "$TRAFFIC_NS" run web-1 --image=nginx:1.27 --labels=app=web --port=80
  run k -n "$TRAFFIC_NS" run web-2 --image=nginx:1.27 --labels=app=web --port=80
  run k -n "$TRAFFIC_NS" run netexec --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --port=8080 -- netexec
  run k -n "$TRAFFIC_NS" run redis --image=redis:7 --labels=app=redis --port=6379
  run k -n "$TRAFFIC_NS" create service nodeport frontend-svc --tcp=80:80
  run k -n "$TRAFFIC_NS" patch svc frontend-svc -p '{"spec":{"selector":{"app":"web"}}}'
  run k -n "$TRAFFIC_NS" create service clusterip empty-svc --tcp=80:80
  run k -n "$TRAFFIC_NS" wait --for=condition=Ready pod --all --timeout=30s
  assert_rc 0
  traffic_await_endpoints frontend-svc 2
  assert_out_line '10\.244\.[0-9.]+ 10\.244\.[0-9.]+'
}

case_traffic_get_raw_proxy() {
  begin "kubectl get --raw …/proxy/ answers from the pod's and the service's backend"
  run k get --raw "/api/v1/namespaces/$TRAFFIC_NS/pods/web-1:80/proxy/"
  assert_rc 0
  assert_out_line '<title>Welcome to nginx!</title>'
  run k get --raw "/api/v1/namespaces/$TRAFFIC_NS/services/frontend-svc:80/proxy/"
  assert_out_line '<h1>Welcome to nginx!</h1>'
  run k get --raw "/api/v1/namespaces/$TRAFFIC_NS/pods/netexec:8080/proxy/echo?msg=through-the-proxy"
  assert_out_equals 'through-the-proxy'
  run k get --raw "/api/v1/namespaces/$TRAFFIC_NS/pods/web-1:81/proxy/"
  assert_rc 1
  assert_err_line 'Error from server \(ServiceUnavailable\): error trying to reach service: dial tcp 10\.244\.[0-9.]+:81: connect: connection refused'
  run k get --raw "/api/v1/namespaces/$TRAFFIC_NS/services/empty-svc:80/proxy/"
  assert_rc 1
  assert_err_contains 'no endpoints available for service "empty-svc"'
  run k get --raw /api/v1/nodes/node-1/proxy/healthz
  assert_out_equals 'ok'
}

# traffic_kubectl_proxy BINARY: `kubectl proxy` on a random port, then curl through it.
traffic_kubectl_proxy() {
  local binary="$1" log="$E2E_WORK/proxy-${1##*/}.log" pid port
  begin "${binary##*/} proxy: curl localhost:PORT/api/v1/…/services/frontend-svc:80/proxy/ gets nginx's page"
  traffic_start_bg "$log" "$binary" proxy --port=0
  pid=$BG_PID
  traffic_await_line "$log" '^Starting to serve on '
  port="${LINE##*:}"
  run curl -s "http://127.0.0.1:$port/api/v1/namespaces/$TRAFFIC_NS/services/frontend-svc:80/proxy/"
  assert_rc 0
  assert_out_line '<title>Welcome to nginx!</title>'
  run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$port/api/v1/namespaces/$TRAFFIC_NS/services/frontend-svc:80/proxy"
  assert_out_line "301 http://127\.0\.0\.1:$port/api/v1/namespaces/$TRAFFIC_NS/services/frontend-svc:80/proxy/"
  run curl -s -X POST "http://127.0.0.1:$port/api/v1/namespaces/$TRAFFIC_NS/pods/netexec:8080/proxy/hostname"
  assert_out_equals 'netexec'
  run curl -s -w '\n%{http_code}' "http://127.0.0.1:$port/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy/"
  assert_out_line '.*"message":"no endpoints available for service \\(u0022|")kube-dns\\(u0022|")".*'
  assert_out_line '503'
  traffic_stop_bg "$pid"
}

case_traffic_kubectl_proxy_132() { traffic_kubectl_proxy "$KUBECTL_DIR/kubectl.1.32"; }
case_traffic_kubectl_proxy_133() { traffic_kubectl_proxy "$KUBECTL_DIR/kubectl.1.33"; }

# traffic_redis_ping PORT: a raw TCP client sends PING (inline and RESP) and prints what redis answers.
traffic_redis_ping() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"PING\r\n*1\r\n$4\r\nPING\r\nQUIT\r\n")
data = b""
while chunk := s.recv(4096):
    data += chunk
print(data.decode().replace("\r\n", " ").strip())
PY
}

# traffic_port_forward BINARY: kubectl port-forward to a pod (two ports), a service and a random
# local port, then curl and a raw TCP client through them; a port nothing listens on gets the kubelet's error.
traffic_port_forward() {
  local binary="$1" v="${1##*/}" log pid port
  begin "$v port-forward pod/web-1, svc/frontend-svc (two local ports), :6379 to redis; curl and raw TCP reach the image"
  log="$E2E_WORK/pf-pod-$v.log"
  traffic_start_bg "$log" "$binary" -n "$TRAFFIC_NS" port-forward pod/web-1 0:80
  pid=$BG_PID
  traffic_await_line "$log" '^Forwarding from 127\.0\.0\.1:[0-9]+ -> 80$'
  port="$(sed -E 's/.*:([0-9]+) -> 80/\1/' <<<"$LINE")"
  run curl -s "http://127.0.0.1:$port/"
  assert_rc 0
  assert_out_line '<title>Welcome to nginx!</title>'
  run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/missing"
  assert_out_equals '404'
  traffic_stop_bg "$pid"

  log="$E2E_WORK/pf-svc-$v.log"
  traffic_start_bg "$log" "$binary" -n "$TRAFFIC_NS" port-forward svc/frontend-svc 0:80 0:80
  pid=$BG_PID
  traffic_await_line "$log" '^Forwarding from 127\.0\.0\.1:[0-9]+ -> 80$'
  port="$(sed -E 's/.*:([0-9]+) -> 80/\1/' <<<"$LINE")"
  run curl -s "http://127.0.0.1:$port/"
  assert_out_line '<h1>Welcome to nginx!</h1>'
  traffic_stop_bg "$pid"

  log="$E2E_WORK/pf-redis-$v.log"
  traffic_start_bg "$log" "$binary" -n "$TRAFFIC_NS" port-forward pod/redis :6379
  pid=$BG_PID
  traffic_await_line "$log" '^Forwarding from 127\.0\.0\.1:[0-9]+ -> 6379$'
  port="$(sed -E 's/.*:([0-9]+) -> 6379/\1/' <<<"$LINE")"
  run traffic_redis_ping "$port"
  assert_out_equals '+PONG +PONG +OK'
  traffic_stop_bg "$pid"

  log="$E2E_WORK/pf-refused-$v.log"
  traffic_start_bg "$log" "$binary" -n "$TRAFFIC_NS" port-forward pod/web-1 0:81
  pid=$BG_PID
  traffic_await_line "$log" '^Forwarding from 127\.0\.0\.1:[0-9]+ -> 81$'
  port="$(sed -E 's/.*:([0-9]+) -> 81/\1/' <<<"$LINE")"
  run curl -s "http://127.0.0.1:$port/"
  traffic_await_line "$log" 'error forwarding port 81 to pod'
  OUT="$LINE"
  assert_out_line '.*an error occurred forwarding [0-9]+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace .*IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused.*'
  traffic_stop_bg "$pid"
}

case_traffic_port_forward_132() { traffic_port_forward "$KUBECTL_DIR/kubectl.1.32"; }
case_traffic_port_forward_133() { traffic_port_forward "$KUBECTL_DIR/kubectl.1.33"; }
# kubectl 1.29 speaks plain SPDY/3.1 over an HTTP upgrade (no WebSocket first).
case_traffic_port_forward_129() { traffic_port_forward "$KUBECTL_DIR/kubectl.1.29"; }

# The official Python client (Debian's python3-kubernetes, on the system python) port-forwards over
# its WebSocket v4.channel.k8s.io form: an HTTP request to nginx through the tunnel, then redis' PING.
case_traffic_python_port_forward() {
  begin "the official Python client's portforward reaches nginx on web-1:80 and redis on :6379"
  local script="$E2E_WORK/python-port-forward.py"
  cat >"$script" <<'PY'
import sys
from kubernetes import client, config
from kubernetes.stream import portforward

config.load_kube_config(config_file=sys.argv[1])
api = client.CoreV1Api()

def exchange(pod, port, request, until):
    forward = portforward(api.connect_get_namespaced_pod_portforward, pod, sys.argv[2], ports=str(port))
    sock = forward.socket(port)
    sock.settimeout(10)
    sock.sendall(request)
    data = b""
    while until not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    sock.close()
    error = forward.error(port)
    forward.close()
    return data.decode(errors="replace"), error

page, error = exchange("web-1", 80, b"GET / HTTP/1.1\r\nHost: web-1\r\n\r\n", b"</html>")
print(page.splitlines()[0])
print("nginx page" if "<title>Welcome to nginx!</title>" in page else "no nginx page", "error:", error)
pong, error = exchange("redis", 6379, b"PING\r\n", b"\r\n")
print(pong.strip(), "error:", error)
PY
  run /usr/bin/python3 "$script" "$KUBECONFIG" "$TRAFFIC_NS"
  assert_rc 0
  assert_out_lines 'HTTP/1\.1 200 OK' 'nginx page error: None' '\+PONG error: None'
}

# traffic_node_ports BINARY: a second server with --publish-node-ports (its own port, store and
# kubeconfig, stopped by its PID): curl 127.0.0.1:NODEPORT reaches nginx; a change to ClusterIP closes it.
traffic_node_ports() {
  local binary="$1" v="${1##*/}" url node_port np_pid kc log tries
  kc="$E2E_WORK/np-$v.kubeconfig"
  log="$E2E_WORK/np-$v.log"
  begin "$v: --publish-node-ports: curl 127.0.0.1:NODEPORT gets nginx; type ClusterIP closes the listener"
  url="http://127.0.0.1:$(free_port)"
  node_port="$(python3 -c 'import random, socket
for p in random.sample(range(30000, 32768), 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError:
        s.close()')"
  dotnet "$DLL" --urls "$url" --db "$E2E_WORK/np-$v.db" --dns-port 0 --publish-node-ports >"$log" 2>&1 </dev/null &
  np_pid=$!
  for ((tries = 0; tries < 600; tries++)); do
    [[ "$(curl -s --max-time 1 "$url/readyz" || true)" == ok ]] && break
    sleep 0.1
  done
  sed "s|server: $SERVER_URL|server: $url|" "$KUBECONFIG" >"$kc"
  run "$binary" --kubeconfig "$kc" run np-web --image=nginx:1.27 --labels=app=np-web --port=80
  run "$binary" --kubeconfig "$kc" create service nodeport np-web --tcp=80:80 --node-port="$node_port"
  run "$binary" --kubeconfig "$kc" patch svc np-web -p '{"spec":{"selector":{"app":"np-web"}}}'
  run "$binary" --kubeconfig "$kc" wait --for=condition=Ready pod/np-web --timeout=30s
  assert_rc 0
  for ((tries = 0; tries < 100; tries++)); do
    run curl -s --max-time 2 "http://127.0.0.1:$node_port/"
    [[ "$OUT" == *"Welcome to nginx!"* ]] && break
    sleep 0.1
  done
  assert_rc 0
  assert_out_line '<title>Welcome to nginx!</title>'
  run "$binary" --kubeconfig "$kc" patch svc np-web -p '{"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":80,"nodePort":null}]}}'
  for ((tries = 0; tries < 10; tries++)); do
    run curl -s --max-time 1 "http://127.0.0.1:$node_port/"
    [[ "$RC" == 7 ]] && break
    sleep 0.1
  done
  assert_rc 7
  kill "$np_pid" 2>/dev/null || true
  wait "$np_pid" 2>/dev/null || true
}

case_traffic_node_ports_132() { traffic_node_ports "$KUBECTL_DIR/kubectl.1.32"; }
case_traffic_node_ports_133() { traffic_node_ports "$KUBECTL_DIR/kubectl.1.33"; }

E2E_CASES+=(case_traffic_setup case_traffic_get_raw_proxy case_traffic_kubectl_proxy_132 case_traffic_kubectl_proxy_133
  case_traffic_port_forward_132 case_traffic_port_forward_133 case_traffic_port_forward_129 case_traffic_python_port_forward
  case_traffic_node_ports_132 case_traffic_node_ports_133)
