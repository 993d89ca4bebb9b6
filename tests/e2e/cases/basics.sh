# Cases for the cluster's basics: ConfigMaps, Secrets, pods reading them, access reviews,
# ServiceAccounts and tokens. Sourced by run.sh, which provides k, E2E_WORK and SERVER_URL.

case_basics_configmap_create() {
  begin "kubectl create configmap --from-literal/--from-file/--from-env-file, listed with DATA"
  printf 'a=1\n# comment\nb=two\n' >"$E2E_WORK/bx.env"
  printf 'hello from a file\n' >"$E2E_WORK/greeting.txt"
  run k create configmap bx-literal --from-literal=colour=blue --from-literal=size=10
  assert_rc 0
  assert_out_equals 'configmap/bx-literal created'
  run k create configmap bx-file --from-file="$E2E_WORK/greeting.txt" --from-file=renamed="$E2E_WORK/greeting.txt"
  assert_rc 0
  run k create configmap bx-env --from-env-file="$E2E_WORK/bx.env"
  assert_rc 0
  run k get configmap bx-literal bx-file bx-env
  assert_rc 0
  assert_out_line 'NAME +DATA +AGE'
  assert_out_line 'bx-literal +2 +[0-9]+s'
  assert_out_line 'bx-file +2 +[0-9]+s'
  assert_out_line 'bx-env +2 +[0-9]+s'
  run k get configmap bx-env -o jsonpath='{.data.b}'
  assert_out_equals 'two'
  run k get configmap bx-file -o jsonpath='{.data.greeting\.txt}'
  assert_out_equals 'hello from a file'
}

case_basics_configmap_invalid() {
  begin "a bad key, an immutable change and a 1 MiB value are refused with Kubernetes' messages"
  printf '%s' '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"bx-badkey"},"data":{"bad key":"1"}}' >"$E2E_WORK/bx-badkey.json"
  run k create -f "$E2E_WORK/bx-badkey.json"
  assert_rc 1
  assert_err_contains "The ConfigMap \"bx-badkey\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
  cat >"$E2E_WORK/bx-frozen.yaml" <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: bx-frozen
immutable: true
data:
  k: v1
YAML
  run k apply -f "$E2E_WORK/bx-frozen.yaml"
  assert_rc 0
  run k patch configmap bx-frozen -p '{"data":{"k":"v2"}}'
  assert_rc 1
  assert_err_contains 'The ConfigMap "bx-frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set'
  head -c 1048577 /dev/zero | tr '\0' 'x' >"$E2E_WORK/big.txt"
  run k create configmap bx-big --from-file="$E2E_WORK/big.txt"
  assert_rc 1
  assert_err_contains 'ConfigMap "bx-big" is invalid: []: Too long: may not be more than 1048576 bytes'
}

case_basics_secret_create() {
  begin "kubectl create secret generic|tls|docker-registry, listed with TYPE and DATA"
  run k create secret generic bx-generic --from-literal=password=s3cret --from-literal=user=admin
  assert_rc 0
  assert_out_equals 'secret/bx-generic created'
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$E2E_WORK/tls.key" -out "$E2E_WORK/tls.crt" -days 1 -subj /CN=bx.example >/dev/null 2>&1
  run k create secret tls bx-tls --cert="$E2E_WORK/tls.crt" --key="$E2E_WORK/tls.key"
  assert_rc 0
  run k create secret docker-registry bx-registry --docker-server=registry.example --docker-username=u --docker-password=p
  assert_rc 0
  run k get secret bx-generic bx-tls bx-registry
  assert_rc 0
  assert_out_line 'NAME +TYPE +DATA +AGE'
  assert_out_line 'bx-generic +Opaque +2 +[0-9]+s'
  assert_out_line 'bx-tls +kubernetes.io/tls +2 +[0-9]+s'
  assert_out_line 'bx-registry +kubernetes.io/dockerconfigjson +1 +[0-9]+s'
  run k get secret bx-generic -o jsonpath='{.data.password}'
  assert_out_equals "$(printf s3cret | base64)"
  run k get secrets --field-selector type=kubernetes.io/tls -o name
  assert_out_equals 'secret/bx-tls'
}

case_basics_secret_rules() {
  begin "stringData is merged into data; a TLS secret without its key is refused; type is immutable"
  printf '%s' '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"bx-string"},"data":{"a":"b2xk"},"stringData":{"a":"new","b":"two"}}' >"$E2E_WORK/bx-string.json"
  run k create -f "$E2E_WORK/bx-string.json"
  assert_rc 0
  run k get secret bx-string -o jsonpath='{.data.a} {.data.b} {.stringData}'
  assert_out_equals "$(printf new | base64) $(printf two | base64) "
  printf '%s' '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"bx-badtls"},"type":"kubernetes.io/tls","data":{"tls.crt":"eA=="}}' >"$E2E_WORK/bx-badtls.json"
  run k create -f "$E2E_WORK/bx-badtls.json"
  assert_rc 1
  assert_err_contains 'The Secret "bx-badtls" is invalid: data[tls.key]: Required value'
  run k patch secret bx-string -p '{"type":"kubernetes.io/basic-auth"}'
  assert_rc 1
  assert_err_line '\* type: Invalid value: "kubernetes.io/basic-auth": field is immutable'
  assert_err_line '\* data\[%s\]\[username\]: Required value'
}

case_basics_pod_config() {
  begin "a pod reads a ConfigMap and a Secret through envFrom, secretKeyRef and volumes (kubectl exec cat)"
  run k create configmap bx-app --from-literal=mode=fast --from-literal=app.conf='port=80'
  run k create secret generic bx-app-secret --from-literal=token=abc
  cat >"$E2E_WORK/bx-reader.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: bx-reader
spec:
  containers:
  - name: app
    image: nginx:1.27
    envFrom:
    - configMapRef:
        name: bx-app
      prefix: APP_
    env:
    - name: TOKEN
      valueFrom:
        secretKeyRef:
          name: bx-app-secret
          key: token
    volumeMounts:
    - name: config
      mountPath: /etc/config
    - name: secret
      mountPath: /etc/secret
      readOnly: true
  volumes:
  - name: config
    configMap:
      name: bx-app
  - name: secret
    secret:
      secretName: bx-app-secret
YAML
  run k apply -f "$E2E_WORK/bx-reader.yaml"
  assert_rc 0
  run k wait --for=condition=Ready pod/bx-reader --timeout=30s
  assert_rc 0
  run k exec bx-reader -- cat /etc/config/app.conf
  assert_out_equals 'port=80'
  run k exec bx-reader -- cat /etc/secret/token
  assert_out_equals 'abc'
  run k exec bx-reader -- ls /etc/config
  assert_out_lines 'app.conf' 'mode'
  run k exec bx-reader -- printenv APP_mode TOKEN
  assert_out_lines 'fast' 'abc'
}

case_basics_pod_config_missing() {
  begin "a pod whose env names a missing ConfigMap waits in CreateContainerConfigError until it is created"
  cat >"$E2E_WORK/bx-waiter.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: bx-waiter
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: bx-later
          key: mode
YAML
  run k apply -f "$E2E_WORK/bx-waiter.yaml"
  run k wait --for=jsonpath='{.status.containerStatuses[0].state.waiting.reason}'=CreateContainerConfigError pod/bx-waiter --timeout=30s
  assert_rc 0
  run k get pod bx-waiter
  assert_out_line 'bx-waiter +0/1 +CreateContainerConfigError +0 +[0-9]+s'
  run k get pod bx-waiter -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'
  assert_out_equals 'configmap "bx-later" not found'
  run k get events --field-selector involvedObject.name=bx-waiter,reason=Failed -o jsonpath='{.items[0].message}'
  assert_out_equals 'Error: configmap "bx-later" not found'
  run k create configmap bx-later --from-literal=mode=late
  run k wait --for=condition=Ready pod/bx-waiter --timeout=30s
  assert_rc 0
  run k exec bx-waiter -- printenv MODE
  assert_out_equals 'late'
}

case_basics_auth() {
  begin "kubectl auth can-i and auth whoami answer as an AlwaysAllow cluster with anonymous requests"
  run k auth can-i create pods
  assert_rc 0
  assert_out_equals 'yes'
  run k auth can-i delete nodes --all-namespaces
  assert_out_equals 'yes'
  run k auth can-i get /healthz
  assert_out_equals 'yes'
  run k auth can-i --list
  assert_rc 0
  assert_out_line 'Resources +Non-Resource URLs +Resource Names +Verbs'
  assert_out_line '\*\.\* +\[\] +\[\] +\[\*\]'
  assert_out_line ' +\[\*\] +\[\] +\[\*\]'
  run k auth whoami
  assert_rc 0
  assert_out_lines 'ATTRIBUTE +VALUE' 'Username +system:anonymous' 'Groups +\[system:unauthenticated\]'
}

case_basics_serviceaccount() {
  begin "the default namespace has its default ServiceAccount (the controller's); kubectl create serviceaccount works"
  run k wait --for=create serviceaccount/default --timeout=30s
  assert_rc 0
  run k create serviceaccount bx-robot
  assert_rc 0
  assert_out_equals 'serviceaccount/bx-robot created'
  run k get sa default bx-robot
  assert_out_line 'NAME +SECRETS +AGE'
  assert_out_line 'default +0 +[0-9]+s'
  assert_out_line 'bx-robot +0 +[0-9]+s'
}

case_basics_lease() {
  begin "a coordination.k8s.io Lease is listed with its holder"
  printf '%s' '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"bx-lock"},"spec":{"holderIdentity":"bx-a","leaseDurationSeconds":15}}' >"$E2E_WORK/bx-lease.json"
  run k create -f "$E2E_WORK/bx-lease.json"
  assert_rc 0
  run k get lease bx-lock
  assert_out_line 'NAME +HOLDER +AGE'
  assert_out_line 'bx-lock +bx-a +[0-9]+s'
  # Each simulated kubelet holds its node's Lease in kube-node-lease, as `kubectl get leases -A` shows on kind.
  run k get leases -n kube-node-lease
  assert_rc 0
  assert_out_line 'node-1 +node-1 +[0-9]+s'
  assert_out_line 'node-3 +node-3 +[0-9]+s'
}

E2E_CASES+=(
  case_basics_configmap_create
  case_basics_configmap_invalid
  case_basics_secret_create
  case_basics_secret_rules
  case_basics_pod_config
  case_basics_pod_config_missing
  case_basics_auth
  case_basics_serviceaccount
  case_basics_lease
)
