using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> Go struct tags of the lists in the kinds we serve
/// (k8s.io/api core/v1 and meta/v1 types.go), keyed by the official client's model type and the
/// JSON property name. Strategic merge patch, the OpenAPI extensions and server-side apply's
/// list types all read this one table. Lists not listed here are atomic.
/// </summary>
public static class PatchTags
{
    private const string Merge = "merge";
    private const string MergeRetainKeys = "merge,retainKeys";

    private static readonly Dictionary<(Type Type, string JsonProperty), (string Strategy, string? MergeKey)> Table = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = (Merge, null),
        [(typeof(V1ObjectMeta), "ownerReferences")] = (Merge, "uid"),

        [(typeof(V1PodSpec), "volumes")] = (MergeRetainKeys, "name"),
        [(typeof(V1PodSpec), "initContainers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "containers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "imagePullSecrets")] = (Merge, "name"),
        [(typeof(V1PodSpec), "hostAliases")] = (Merge, "ip"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = (Merge, "topologyKey"),
        [(typeof(V1PodSpec), "schedulingGates")] = (Merge, "name"),
        [(typeof(V1PodSpec), "resourceClaims")] = (MergeRetainKeys, "name"),

        [(typeof(V1Container), "ports")] = (Merge, "containerPort"),
        [(typeof(V1Container), "env")] = (Merge, "name"),
        [(typeof(V1Container), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1Container), "volumeDevices")] = (Merge, "devicePath"),
        [(typeof(V1EphemeralContainer), "ports")] = (Merge, "containerPort"),
        [(typeof(V1EphemeralContainer), "env")] = (Merge, "name"),
        [(typeof(V1EphemeralContainer), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1EphemeralContainer), "volumeDevices")] = (Merge, "devicePath"),

        [(typeof(V1PodStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1PodStatus), "podIPs")] = (Merge, "ip"),
        [(typeof(V1PodStatus), "hostIPs")] = (Merge, "ip"),
        [(typeof(V1PodStatus), "resourceClaimStatuses")] = (MergeRetainKeys, "name"),
        [(typeof(V1ContainerStatus), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1ContainerStatus), "allocatedResourcesStatus")] = (Merge, "name"),

        [(typeof(V1ServiceSpec), "ports")] = (Merge, "port"),
        [(typeof(V1ServiceStatus), "conditions")] = (Merge, "type"),

        [(typeof(V1NodeSpec), "podCIDRs")] = (Merge, null),
        [(typeof(V1NodeStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1NodeStatus), "addresses")] = (Merge, "type"),

        [(typeof(V1NamespaceStatus), "conditions")] = (Merge, "type"),

        [(typeof(V1DeploymentStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1ReplicaSetStatus), "conditions")] = (Merge, "type"),
    };

    public static IEnumerable<(Type Type, string JsonProperty, string Strategy, string? MergeKey)> Entries =>
        Table.Select(e => (e.Key.Type, e.Key.JsonProperty, e.Value.Strategy, e.Value.MergeKey));

    /// <summary>The Go tags of <paramref name="jsonProperty"/> on <paramref name="type"/>; both null when untagged.</summary>
    public static (string? Strategy, string? MergeKey) For(Type type, string jsonProperty) =>
        Table.TryGetValue((type, jsonProperty), out var tags) ? tags : (null, null);
}
