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

    /// <summary>
    /// The one definition of a headless Service: its clusterIPs are exactly ["None"] (k/k
    /// validation and alloc.go), clusterIPs being taken from clusterIP when only that was given,
    /// as the registry syncs them. Stored Services keep the two in step, so for them this is
    /// clusterIP == "None" (what kube-dns and the endpoints controller test).
    /// </summary>
    public static bool IsHeadless(V1ServiceSpec spec) =>
        spec.ClusterIPs is { Count: > 0 } ips ? ips is [None] : spec.ClusterIP == None;

    /// <summary>
    /// helper.IsServiceIPSet: the Service has a virtual IP — it is neither headless nor without
    /// a clusterIP (as an ExternalName Service is). The kubelet's env vars, kube-proxy and the
    /// endpoint controllers' headless label go by this.
    /// </summary>
    public static bool IsServiceIpSet(V1ServiceSpec spec) => spec.ClusterIP is { Length: > 0 } ip && ip != None;
}
