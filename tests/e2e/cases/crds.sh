# Cases for CustomResourceDefinitions with kubectl 1.32: apply a CRD, wait for Established, create
# and list instances (printer columns, short name, category), explain from the published schema,
# merge patches, a brief watch, and the CRD's delete taking its instances with it. Sourced by
# run.sh, which provides k, E2E_WORK.

crd_manifest() {
  cat <<'YAML'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: websites.e2e.example.com
spec:
  group: e2e.example.com
  scope: Namespaced
  names:
    plural: websites
    kind: Website
    shortNames: [wsite]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
    additionalPrinterColumns:
    - name: Host
      type: string
      jsonPath: .spec.host
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the website serves.
            properties:
              host:
                type: string
                description: The host name the website answers.
              replicas:
                type: integer
                minimum: 1
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
YAML
}

website_manifest() { # name host replicas
  cat <<YAML
apiVersion: e2e.example.com/v1
kind: Website
metadata:
  name: $1
spec:
  host: $2
  replicas: $3
YAML
}

case_crds() {
  local dir="$E2E_WORK/crds" ns="crds-e2e"
  mkdir -p "$dir"
  crd_manifest >"$dir/crd.yaml"
  website_manifest blog blog.example.com 2 >"$dir/blog.yaml"

  begin "CRD: apply, Established, discovery"
  run k apply -f "$dir/crd.yaml"
  assert_rc 0
  assert_out_equals 'customresourcedefinition.apiextensions.k8s.io/websites.e2e.example.com created'
  run k wait --for=condition=Established crd/websites.e2e.example.com --timeout=10s
  assert_rc 0
  run k get crd websites.e2e.example.com
  assert_rc 0
  assert_out_line 'NAME +CREATED AT'
  assert_out_line 'websites\.e2e\.example\.com +[0-9T:-]+Z'
  run k api-resources --api-group=e2e.example.com
  assert_rc 0
  assert_out_line 'websites +wsite +e2e\.example\.com/v1 +true +Website'

  begin "CRD instances: create, printer columns, short name, category, explain"
  run k create namespace "$ns"
  assert_rc 0
  run k -n "$ns" apply -f "$dir/blog.yaml"
  assert_rc 0
  assert_out_equals 'website.e2e.example.com/blog created'
  run k -n "$ns" get websites
  assert_rc 0
  assert_out_lines 'NAME +HOST +REPLICAS' 'blog +blog\.example\.com +2'
  run k -n "$ns" get wsite blog -o jsonpath='{.spec.host} {.metadata.generation}'
  assert_out_equals 'blog.example.com 1'
  run k -n "$ns" get all
  assert_rc 0
  assert_out_line 'website\.e2e\.example\.com/blog +blog\.example\.com +2'
  run k explain websites.spec.host
  assert_rc 0
  assert_out_line 'KIND: +Website'
  assert_out_line 'FIELD: host <string>'
  assert_out_contains 'The host name the website answers.'

  begin "CRD instances: merge patch, strategic merge refused, watch"
  run k -n "$ns" patch website blog --type=merge -p '{"spec":{"replicas":3}}'
  assert_rc 0
  run k -n "$ns" patch website blog --type=merge -p '{"spec":{"replicas":0}}'
  assert_rc 1
  assert_err_contains 'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'
  run k -n "$ns" patch website blog -p '{"spec":{"replicas":4}}'
  assert_rc 1
  assert_err_contains 'application/strategic-merge-patch+json is not supported'
  # kubectl apply falls back to a merge patch for a kind without strategic merge.
  website_manifest blog blog.example.com 5 >"$dir/blog.yaml"
  run k -n "$ns" apply -f "$dir/blog.yaml"
  assert_rc 0
  assert_out_equals 'website.e2e.example.com/blog configured'
  website_manifest shop shop.example.com 1 >"$dir/shop.yaml"
  run k -n "$ns" apply --server-side -f "$dir/shop.yaml"
  assert_rc 0
  assert_out_equals 'website.e2e.example.com/shop serverside-applied'
  run k -n "$ns" get website shop -o 'jsonpath={.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}'
  assert_out_equals 'kubectl Apply'
  run k -n "$ns" apply -f "$dir/blog.yaml" --dry-run=server
  assert_rc 0
  run timeout 3 kubectl -n "$ns" get websites -w
  assert_out_line 'blog +blog\.example\.com +5'

  begin "CRD delete: instances first, then the kind is gone"
  run k delete crd websites.e2e.example.com
  assert_rc 0
  assert_out_equals 'customresourcedefinition.apiextensions.k8s.io "websites.e2e.example.com" deleted'
  run k get crd websites.e2e.example.com
  assert_rc 1
  assert_err_contains 'NotFound'
  run k api-resources --api-group=e2e.example.com
  assert_no_out_line 'websites.*'
  run k delete namespace "$ns" --wait=false
  assert_rc 0
}

E2E_CASES+=(case_crds)
