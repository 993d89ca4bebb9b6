# Cases for the simulated cluster: seeded nodes, the scheduler and the simulated kubelet.
# Sourced by run.sh after foundation.sh (alphabetical order). Pods live in the namespace "story" so the foundation cases' listings of
# `default` stay as they expect.

case_get_nodes_wide() {
  begin "kubectl get nodes -o wide shows three Ready kind-style nodes"
  run k get nodes -o wide
  assert_rc 0
  assert_out_line "node-1 +Ready +<none> +$AGE +v1\.32\.0 +172\.18\.0\.2 +<none> +Debian GNU/Linux 12 \(bookworm\) +.* +containerd://1\.7\.18"
  assert_out_line "node-3 +Ready +<none> +$AGE +v1\.32\.0 +172\.18\.0\.4 +.*"
}

case_run_frontend_pods() {
  begin "three frontend pods come up Ready on different nodes with distinct IPs"
  run k create namespace story
  assert_rc 0
  for p in web-a web-b web-c; do
    run k -n story run "$p" --image=nginx --labels=app=frontend
    assert_rc 0
  done
  run k -n story wait --for=condition=Ready pod -l app=frontend --timeout=20s
  assert_rc 0
  run k -n story get pods -o wide
  assert_rc 0
  assert_out_line "web-a +1/1 +Running +0 +$AGE +10\.244\.[1-3]\.[0-9]+ +node-[1-3] +<none> +<none>"
  local nodes ips
  nodes="$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $7 }' | sort -u | wc -l)"
  ips="$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $6 }' | sort -u | wc -l)"
  if [[ "$nodes" == 3 && "$ips" == 3 ]]; then pass "3 nodes, 3 IPs"; else fail "3 nodes, 3 IPs" "got $nodes nodes and $ips IPs"; fi
}

case_delete_pod_returns_at_once() {
  begin "kubectl delete pod returns at once; a recreated pod gets a new IP"
  run k -n story get pod web-a -o 'jsonpath={.status.podIP}'
  local before="$OUT" started=$SECONDS
  run k -n story delete pod web-a
  assert_rc 0
  assert_out_equals 'pod "web-a" deleted'
  if ((SECONDS - started <= 5)); then pass "delete took at most 5s"; else fail "delete took at most 5s" "took $((SECONDS - started))s"; fi
  run k -n story run web-a --image=nginx --labels=app=frontend
  assert_rc 0
  run k -n story wait --for=condition=Ready pod/web-a --timeout=20s
  assert_rc 0
  run k -n story get pod web-a -o 'jsonpath={.status.podIP}'
  if [[ -n "$OUT" && "$OUT" != "$before" ]]; then pass "new IP $OUT (was $before)"; else fail "new IP" "got '$OUT', was '$before'"; fi
}

case_cordon_node() {
  begin "kubectl cordon marks a node SchedulingDisabled; uncordon clears it"
  run k cordon node-1
  assert_rc 0
  assert_out_equals 'node/node-1 cordoned'
  run k get node node-1
  assert_out_line "node-1 +Ready,SchedulingDisabled +<none> +$AGE +v1\.32\.0"
  run k uncordon node-1
  assert_rc 0
  assert_out_equals 'node/node-1 uncordoned'
}

case_simulation_cleanup() {
  begin "simulation: delete the namespace story"
  run k delete namespace story --wait=false
  assert_rc 0
  run k wait --for=delete ns/story --timeout=30s
  assert_rc 0
}

E2E_CASES+=(
  case_get_nodes_wide
  case_run_frontend_pods
  case_delete_pod_returns_at_once
  case_cordon_node
  case_simulation_cleanup
)
