# Cases for containers that follow their spec: pod update rules, image changes.
# Sourced by run.sh. Pods live in the namespace "containers".

case_pod_spec_is_immutable() {
  begin "kubectl apply of a pod with another container port is refused with kube-apiserver's message"
  run k create namespace containers
  local file="$E2E_WORK/immutable-pod.yaml"
  cat >"$file" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: immutable
  namespace: containers
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
YAML
  run k apply -f "$file"
  assert_rc 0
  run k -n containers wait --for=condition=Ready pod/immutable --timeout=20s
  assert_rc 0
  sed -i 's/containerPort: 80/containerPort: 8080/' "$file"
  run k apply -f "$file"
  assert_rc 1
  assert_err_contains 'The Pod "immutable" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'
}

case_set_image_restarts_the_container() {
  begin "kubectl set image on a pod restarts that container: RESTARTS 1, Killing event, new image in describe"
  run k -n containers set image pod/immutable web=nginx:1.28
  assert_rc 0
  assert_out_equals 'pod/immutable image updated'
  run k -n containers wait --for=jsonpath='{.status.containerStatuses[0].restartCount}'=1 pod/immutable --timeout=20s
  assert_rc 0
  run k -n containers get pod immutable
  assert_out_line "immutable +1/1 +Running +1 \(.* ago\) +$AGE"
  run k -n containers describe pod immutable
  assert_out_line ' +Image: +nginx:1\.28'
  assert_out_line ' +Last State: +Terminated'
  assert_out_line ' +Reason: +Completed'
  assert_out_line ' +Normal +Killing +.* +kubelet +Container web definition changed, will be restarted'
}

E2E_CASES+=(
  case_pod_spec_is_immutable
  case_set_image_restarts_the_container
)
