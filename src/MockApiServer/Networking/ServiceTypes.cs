using k8s.Models;

namespace MockApiServer.Networking;

/// <summary>
/// The Service vocabulary the registry and the networking model (DNS, kube-proxy, kubelet env)
/// share (k/k pkg/api/v1/service): the type names, the headless clusterIP, and the questions both
/// ask of a spec. What each type allocates is the registry's own (Resources/Services/ServiceTypeRules).
/// </summary>
public static class ServiceTypes
{
    public const string ClusterIP = "ClusterIP";
    public const string NodePort = "NodePort";
    public const string LoadBalancer = "LoadBalancer";
    public const string ExternalName = "ExternalName";

    /// <summary>The clusterIP of a headless Service (v1.ClusterIPNone).</summary>
    public const string None = "None";

    public static readonly string[] All = [ClusterIP, ExternalName, LoadBalancer, NodePort];

    /// <summary>ExternallyAccessible (k/k pkg/api/v1/service): reachable from outside through nodePorts, a load balancer or externalIPs.</summary>
    public static bool ExternallyAccessible(V1ServiceSpec spec) =>
        spec.Type is NodePort or LoadBalancer || (spec.Type is null or ClusterIP && spec.ExternalIPs is { Count: > 0 });

    /// <summary>NeedsHealthCheck: a Local-traffic LoadBalancer, which gets a healthCheckNodePort.</summary>
    public static bool NeedsHealthCheck(V1ServiceSpec spec) => spec.Type == LoadBalancer && spec.ExternalTrafficPolicy == "Local";

    public static bool IsHeadless(V1ServiceSpec spec) => spec.ClusterIP == None || spec.ClusterIPs is [None, ..];
}
