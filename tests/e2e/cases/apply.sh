# Cases for server-side apply: kubectl apply --server-side with two managers, the conflict
# text, --force-conflicts, a dropped field removed, --show-managed-fields; for kubectl 1.27,
# 1.32 and 1.33. Sourced by run.sh, which provides k, KUBECTL, KUBECTL_DIR and E2E_WORK.

ssa_manifest() { # name targetPort [sessionAffinity]
  cat <<YAML
apiVersion: v1
kind: Service
metadata:
  name: $1
  labels: {app: $1}
spec:
  selector: {app: $1}
  ports:
  - port: 80
    targetPort: $2
${3:+  sessionAffinity: $3}
YAML
}

ssa_case() { # version
  local version="$1" ns="ssa-${1//./}" saved="$KUBECTL"
  KUBECTL="$KUBECTL_DIR/kubectl.$version"
  [[ -x "$KUBECTL" ]] || KUBECTL="kubectl"
  local dir="$E2E_WORK/ssa-$version"
  mkdir -p "$dir"
  begin "server-side apply with kubectl $version: managers, conflict, force, removal, managedFields"
  run k create namespace "$ns"
  assert_rc 0
  ssa_manifest web 8080 ClientIP >"$dir/a.yaml"
  run k -n "$ns" apply --server-side -f "$dir/a.yaml"
  assert_rc 0
  assert_out_equals 'service/web serverside-applied'
  run k -n "$ns" get svc web -o yaml --show-managed-fields
  assert_rc 0
  assert_out_line '    manager: kubectl'
  assert_out_line '    operation: Apply'
  assert_out_line '          k:\{"port":80,"protocol":"TCP"\}:'
  assert_out_line '            f:targetPort: \{\}'

  ssa_manifest web 9090 >"$dir/b.yaml"
  run k -n "$ns" apply --server-side --field-manager=deployer -f "$dir/b.yaml"
  assert_rc 1
  assert_err_line 'error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.ports\[port=80,protocol="TCP"\]\.targetPort'

  run k -n "$ns" apply --server-side --field-manager=deployer --force-conflicts -f "$dir/b.yaml"
  assert_rc 0
  run k -n "$ns" get svc web -o 'jsonpath={.spec.ports[0].targetPort} {.metadata.managedFields[*].manager}'
  assert_rc 0
  assert_out_equals '9090 kubectl deployer'

  # kubectl stops applying sessionAffinity: nobody else owns it, so it goes (and is defaulted again).
  ssa_manifest web 9090 >"$dir/c.yaml"
  run k -n "$ns" apply --server-side -f "$dir/c.yaml"
  assert_rc 0
  run k -n "$ns" get svc web -o 'jsonpath={.spec.sessionAffinity}'
  assert_out_equals 'None'

  run k -n "$ns" get svc web -o yaml
  assert_rc 0
  assert_no_out_line '  managedFields:'
  run k delete namespace "$ns" --wait=false
  assert_rc 0
  KUBECTL="$saved"
}

case_ssa_kubectl_127() { ssa_case 1.27; }
case_ssa_kubectl_132() { ssa_case 1.32; }
case_ssa_kubectl_133() { ssa_case 1.33; }

E2E_CASES+=(
  case_ssa_kubectl_127
  case_ssa_kubectl_132
  case_ssa_kubectl_133
)
