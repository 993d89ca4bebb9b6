using k8s.Models;

namespace MockApiServer.Networking;

/// <summary>What a Service's type and fields ask of the allocators (k/k storage.go and pkg/api/service helpers).</summary>
public static class ServiceTypes
{
    public const string ClusterIP = "ClusterIP";
    public const string NodePort = "NodePort";
    public const string LoadBalancer = "LoadBalancer";
    public const string ExternalName = "ExternalName";
    public const string None = "None";

    public static readonly string[] All = [ClusterIP, ExternalName, LoadBalancer, NodePort];

    public static bool NeedsClusterIp(V1ServiceSpec spec) => spec.Type != ExternalName;

    public static bool NeedsNodePorts(V1ServiceSpec spec) => spec.Type is NodePort or LoadBalancer;

    /// <summary>LoadBalancers get new nodePorts only when allocateLoadBalancerNodePorts is true (the default).</summary>
    public static bool ShouldAllocateNodePorts(V1ServiceSpec spec) =>
        spec.Type == NodePort || (spec.Type == LoadBalancer && spec.AllocateLoadBalancerNodePorts != false);

    public static bool NeedsHealthCheck(V1ServiceSpec spec) => spec.Type == LoadBalancer && spec.ExternalTrafficPolicy == "Local";

    public static bool ExternallyAccessible(V1ServiceSpec spec) =>
        spec.Type is NodePort or LoadBalancer || (spec.Type is null or ClusterIP && spec.ExternalIPs is { Count: > 0 });

    public static bool IsHeadless(V1ServiceSpec spec) => spec.ClusterIP == None || spec.ClusterIPs is [None, ..];

    /// <summary>The nodePorts in use by the service's ports (healthCheckNodePort not included).</summary>
    public static HashSet<int> NodePortsOf(V1ServiceSpec spec) =>
        (spec.Ports ?? []).Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToHashSet();
}
