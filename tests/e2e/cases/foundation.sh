# Cases for the foundation issue: discovery, namespaces, pod create/get/delete, selectors, errors.
# Sourced by run.sh, which provides k, KUBECTL, KUBECTL_DIR, CREATE_FLAGS and E2E_WORK.
#
# Pods here use `schedulerName: none`, so no scheduler (and no simulated kubelet) ever picks them
# up: they stay Pending and the phase field selector keeps a stable answer.

AGE='[0-9]+[smhd]([0-9]+[smh])?'

# pod_manifest NAME APP: writes a pending pod manifest and prints its path.
pod_manifest() {
  local file="$E2E_WORK/$1.yaml"
  cat >"$file" <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $1
  labels:
    app: $2
spec:
  schedulerName: none
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
EOF
  printf '%s\n' "$file"
}

case_version() {
  begin "kubectl version reports the server's Kubernetes version"
  run k version
  assert_rc 0
  assert_out_line 'Server Version: v1\.32\.0'
}

case_api_resources() {
  begin "kubectl api-resources lists the core kinds with short names and scope"
  run k api-resources
  assert_rc 0
  assert_out_line 'NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND'
  assert_out_line 'pods +po +v1 +true +Pod'
  assert_out_line 'services +svc +v1 +true +Service'
  assert_out_line 'endpoints +ep +v1 +true +Endpoints'
  assert_out_line 'namespaces +ns +v1 +false +Namespace'
  assert_out_line 'nodes +no +v1 +false +Node'
  assert_out_line 'events +ev +v1 +true +Event'
}

case_get_namespaces() {
  begin "kubectl get ns lists the four seeded namespaces as Active"
  run k get ns
  assert_rc 0
  assert_out_lines \
    'NAME +STATUS +AGE' \
    "default +Active +$AGE" \
    "kube-node-lease +Active +$AGE" \
    "kube-public +Active +$AGE" \
    "kube-system +Active +$AGE"
}

case_create_pods() {
  begin "kubectl create -f creates pods"
  local name app name_app
  for name_app in web-1:frontend api-1:backend db-1:database; do
    name="${name_app%%:*}" app="${name_app#*:}"
    run k create -f "$(pod_manifest "$name" "$app")" "${CREATE_FLAGS[@]}"
    assert_rc 0
    assert_out_equals "pod/$name created"
  done
}

case_get_pods() {
  begin "kubectl get pods prints the pod table"
  run k get pods
  assert_rc 0
  assert_out_lines \
    'NAME +READY +STATUS +RESTARTS +AGE' \
    "api-1 +0/1 +Pending +0 +$AGE" \
    "db-1 +0/1 +Pending +0 +$AGE" \
    "web-1 +0/1 +Pending +0 +$AGE"
}

case_get_pod_yaml() {
  begin "kubectl get pod -o yaml prints the stored object"
  run k get pod web-1 -o yaml
  assert_rc 0
  assert_out_line 'apiVersion: v1'
  assert_out_line 'kind: Pod'
  assert_out_line '  name: web-1'
  assert_out_line '  namespace: default'
  assert_out_line '  uid: [0-9a-f-]{36}'
  assert_out_line '  resourceVersion: "[0-9]+"'
  assert_out_line '  creationTimestamp: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"'
  assert_out_line '    app: frontend'
}

case_pod_defaults() {
  begin "kubectl get pod -o yaml shows the defaults kube-apiserver fills in"
  run k get pod web-1 -o yaml
  assert_out_line '  restartPolicy: Always'
  assert_out_line '  dnsPolicy: ClusterFirst'
  assert_out_line '  terminationGracePeriodSeconds: 30'
  assert_out_line '    imagePullPolicy: IfNotPresent'
  assert_out_line '      protocol: TCP'
}

case_label_selector_set_based() {
  begin "kubectl get pods -l 'app in (frontend,backend)' keeps only matching pods"
  run k get pods -l 'app in (frontend,backend)'
  assert_rc 0
  assert_out_lines \
    'NAME +READY +STATUS +RESTARTS +AGE' \
    "api-1 +0/1 +Pending +0 +$AGE" \
    "web-1 +0/1 +Pending +0 +$AGE"
}

case_label_selector_no_match() {
  begin "kubectl get pods -l with no match says so on stderr"
  run k get pods -l 'app notin (frontend,backend,database)'
  assert_rc 0
  assert_out_equals ''
  assert_err_line 'No resources found in default namespace\.'
}

case_field_selector_phase() {
  begin "kubectl get pods --field-selector status.phase=Pending"
  run k get pods --field-selector status.phase=Pending
  assert_rc 0
  assert_out_line "web-1 +0/1 +Pending +0 +$AGE"
  assert_out_line "api-1 +0/1 +Pending +0 +$AGE"
  run k get pods --field-selector status.phase=Running
  assert_rc 0
  assert_out_equals ''
}

case_field_selector_name() {
  begin "kubectl get pods --field-selector metadata.name=web-1"
  run k get pods --field-selector metadata.name=web-1,status.phase!=Failed
  assert_rc 0
  assert_out_lines \
    'NAME +READY +STATUS +RESTARTS +AGE' \
    "web-1 +0/1 +Pending +0 +$AGE"
}

case_field_selector_unsupported() {
  begin "an unsupported field selector is a BadRequest"
  run k get pods --field-selector spec.foo=bar
  assert_rc 1
  assert_err_line 'Error from server \(BadRequest\): .*field label not supported: spec\.foo'
}

case_get_all_namespaces() {
  begin "kubectl get pods -A answers across namespaces"
  run k get pods -A
  assert_rc 0
  assert_out_line 'NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE'
  assert_out_line "default +web-1 +0/1 +Pending +0 +$AGE"
}

case_get_missing_pod() {
  begin "kubectl get pod nosuch is NotFound"
  run k get pod nosuch
  assert_rc 1
  assert_err_line 'Error from server \(NotFound\): pods "nosuch" not found'
}

case_create_existing_pod() {
  begin "creating a pod that exists is AlreadyExists"
  run k create -f "$E2E_WORK/web-1.yaml" "${CREATE_FLAGS[@]}"
  assert_rc 1
  assert_err_line 'Error from server \(AlreadyExists\): error when creating ".*web-1\.yaml": pods "web-1" already exists'
}

case_create_invalid_name() {
  begin "a pod with an invalid name is Invalid with the field path"
  run k create -f "$(pod_manifest Bad_Name frontend)" "${CREATE_FLAGS[@]}"
  assert_rc 1
  assert_err_line 'The Pod "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of .*'
}

case_delete_pod() {
  begin "kubectl delete pod removes it"
  run k delete pod web-1
  assert_rc 0
  assert_out_equals 'pod "web-1" deleted'
  run k get pod web-1
  assert_rc 1
  assert_err_line 'Error from server \(NotFound\): pods "web-1" not found'
}

case_delete_default_namespace() {
  begin "kubectl delete ns default is Forbidden"
  run k delete ns default
  assert_rc 1
  assert_err_line 'Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted'
}

case_create_namespace() {
  begin "kubectl create namespace, then get it"
  run k create namespace e2e-ns
  assert_rc 0
  assert_out_equals 'namespace/e2e-ns created'
  E2E_KNOWN_REASON=""
  if ((RC != 0)); then
    # Create it from a manifest (a JSON body) so the rest of the case still runs.
    printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e2e-ns\n' >"$E2E_WORK/e2e-ns.yaml"
    run k create -f "$E2E_WORK/e2e-ns.yaml" "${CREATE_FLAGS[@]}"
    assert_rc 0
    assert_out_equals 'namespace/e2e-ns created'
  fi
  run k get ns e2e-ns
  assert_rc 0
  assert_out_lines 'NAME +STATUS +AGE' "e2e-ns +Active +$AGE"
}

# versioned_core_cases VERSION: the core commands with kubectl.VERSION called directly.
versioned_core_cases() {
  local bin="$KUBECTL_DIR/kubectl.$1" pod="v${1//./}-1"
  begin "kubectl.$1: get ns, create -f, get, delete"
  if [[ ! -x "$bin" ]]; then
    echo "  skip: $bin not found"
    return
  fi
  local KUBECTL="$bin"
  run k get ns
  assert_rc 0
  assert_out_line "default +Active +$AGE"
  assert_out_line "kube-system +Active +$AGE"
  run k create -f "$(pod_manifest "$pod" frontend)" "${CREATE_FLAGS[@]}"
  assert_rc 0
  assert_out_equals "pod/$pod created"
  run k get pod "$pod"
  assert_rc 0
  assert_out_lines 'NAME +READY +STATUS +RESTARTS +AGE' "$pod +0/1 +Pending +0 +$AGE"
  run k get pod "$pod" -o yaml
  assert_rc 0
  assert_out_line "  name: $pod"
  run k delete pod "$pod"
  assert_rc 0
  assert_out_equals "pod \"$pod\" deleted"
  run k get pod "$pod"
  assert_rc 1
  assert_err_line "Error from server \\(NotFound\\): pods \"$pod\" not found"
}

case_kubectl_1_29() { versioned_core_cases 1.29; }
case_kubectl_1_33() { versioned_core_cases 1.33; }

E2E_CASES+=(
  case_version
  case_api_resources
  case_get_namespaces
  case_create_pods
  case_get_pods
  case_get_pod_yaml
  case_pod_defaults
  case_label_selector_set_based
  case_label_selector_no_match
  case_field_selector_phase
  case_field_selector_name
  case_field_selector_unsupported
  case_get_all_namespaces
  case_get_missing_pod
  case_create_existing_pod
  case_create_invalid_name
  case_delete_pod
  case_delete_default_namespace
  case_create_namespace
  case_kubectl_1_29
  case_kubectl_1_33
)
