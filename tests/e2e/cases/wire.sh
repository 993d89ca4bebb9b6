# Cases for the wire half of issue 17: the deprecated watch paths, protobuf bodies and
# responses, OpenAPI v2. Sourced by run.sh (provides k, KUBECTL, SERVER_URL, E2E_WORK).

WIRE_NS=wire-e2e

# wire_pod FILE NAME: a pod no scheduler picks up.
wire_pod() {
  printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec:\n  schedulerName: none\n  containers: [{name: c, image: "nginx:1.27"}]\n' "$2" >"$1"
}

case_watch_paths() {
  begin "the deprecated watch paths stream as ?watch=true does, by name too"
  k create namespace "$WIRE_NS" >/dev/null 2>&1 || true
  wire_pod "$E2E_WORK/wire-w1.yaml" w1
  wire_pod "$E2E_WORK/wire-w2.yaml" w2
  run k -n "$WIRE_NS" create -f "$E2E_WORK/wire-w1.yaml" -f "$E2E_WORK/wire-w2.yaml"
  assert_rc 0
  # The server ends each watch after timeoutSeconds, so --raw returns with what it streamed.
  run k get --raw "/api/v1/watch/namespaces/$WIRE_NS/pods/w1?timeoutSeconds=1"
  assert_rc 0
  assert_out_line '\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"Pod",.*"name":"w1",.*'
  assert_no_out_line '.*"name":"w2".*'
  run k get --raw "/api/v1/watch/namespaces/$WIRE_NS/pods?timeoutSeconds=1"
  assert_out_line '\{"type":"ADDED",.*"name":"w2",.*'
  run curl -sS "$SERVER_URL/apis/discovery.k8s.io/v1/watch/endpointslices?timeoutSeconds=1&labelSelector=kubernetes.io/service-name%3Dkubernetes"
  assert_out_line '\{"type":"ADDED","object":\{.*"kind":"EndpointSlice",.*"name":"kubernetes",.*'
  run curl -sS "$SERVER_URL/api/v1/watch/namespaces/$WIRE_NS/pods/w1?fieldSelector=metadata.name%3Dw2"
  run python3 -c 'import json,sys; s=json.loads(sys.argv[1]); print(s["code"], s["reason"], s["message"])' "$OUT"
  assert_out_equals "400 BadRequest fieldSelector metadata.name doesn't match requested name"
}

case_protobuf_drain_and_debug() {
  begin "kubectl drain and debug --copy-to talk protobuf (DeleteOptions, Pod bodies; protobuf answers)"
  k create namespace "$WIRE_NS" >/dev/null 2>&1 || true
  run k -n "$WIRE_NS" run drained --image=nginx:1.27
  assert_rc 0
  local node="" i
  for ((i = 0; i < 100; i++)); do
    node="$(k -n "$WIRE_NS" get pod drained -o jsonpath='{.spec.nodeName}' 2>/dev/null || true)"
    [[ -n "$node" ]] && break
    sleep 0.1
  done
  run k drain "$node" --ignore-daemonsets --force --timeout=30s -v=8
  assert_rc 0
  assert_err_line ".*DELETE .*/api/v1/namespaces/$WIRE_NS/pods/drained.*"
  assert_err_line '.*Content-Type: application/vnd.kubernetes.protobuf'
  assert_out_line "node/$node drained"
  run k uncordon "$node"
  assert_rc 0
  run k -n "$WIRE_NS" run original --image=nginx:1.27
  run k -n "$WIRE_NS" debug original --copy-to=original-debug --image=busybox --container=dbg -v=8
  assert_rc 0
  assert_err_line '.*Content-Type: application/vnd.kubernetes.protobuf'
  run k -n "$WIRE_NS" get pod original-debug -o 'jsonpath={.spec.containers[*].name}'
  assert_out_equals "original dbg"
}

case_protobuf_answers() {
  begin "protobuf answers when Accept lists it first: the k8s\\0 envelope, a protobuf Status for errors"
  run bash -c "curl -sS -H 'Accept: application/vnd.kubernetes.protobuf' '$SERVER_URL/api/v1/namespaces/default/services/kubernetes' | head -c 4 | od -An -c | tr -s ' '"
  assert_out_equals ' k 8 s \0'
  run curl -sS -o /dev/null -w '%{http_code} %{content_type}' -H 'Accept: application/vnd.kubernetes.protobuf, application/json' "$SERVER_URL/api/v1/namespaces/default/pods/nosuch"
  assert_out_equals '404 application/vnd.kubernetes.protobuf'
  run curl -sS -o /dev/null -w '%{content_type}' -H 'Accept: application/vnd.kubernetes.protobuf' "$SERVER_URL/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1"
  assert_out_equals 'application/vnd.kubernetes.protobuf;stream=watch'
}

case_openapi_v2_old_kubectl() {
  local v saved="$KUBECTL"
  for v in 1.27 1.28; do
    begin "kubectl $v reads /openapi/v2 (gnostic protobuf): explain --output=plaintext-openapiv2, apply refuses an unknown field"
    if [[ ! -x "$KUBECTL_DIR/kubectl.$v" ]]; then
      pass "kubectl.$v not installed; skipped"
      continue
    fi
    KUBECTL="$KUBECTL_DIR/kubectl.$v"
    run k explain service.spec.ports --output=plaintext-openapiv2
    assert_rc 0
    assert_out_line 'RESOURCE: ports <\[\]Object>'
    assert_out_line '   port.<integer>'
    run k explain service.spec.ports
    assert_rc 0
    assert_out_line 'FIELD: ports <\[\]ServicePort>'
    printf 'apiVersion: v1\nkind: Service\nmetadata: {name: v2-bad}\nspec:\n  ports: [{port: 80, bogus: 1}]\n' >"$E2E_WORK/v2-bad.yaml"
    run k -n "$WIRE_NS" apply -f "$E2E_WORK/v2-bad.yaml"
    assert_rc 1
    assert_err_contains 'unknown field "spec.ports[0].bogus"'
  done
  KUBECTL="$saved"
}

E2E_CASES+=(
  case_watch_paths
  case_protobuf_drain_and_debug
  case_protobuf_answers
  case_openapi_v2_old_kubectl
)
