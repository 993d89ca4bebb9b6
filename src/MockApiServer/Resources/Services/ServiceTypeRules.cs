using k8s.Models;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>What a Service's type asks of the allocators (k/k registry/core/service/storage: needsClusterIP, needsNodePort, shouldAllocateNodePorts).</summary>
public static class ServiceTypeRules
{
    public static bool NeedsClusterIp(V1ServiceSpec spec) => spec.Type != ServiceTypes.ExternalName;

    public static bool NeedsNodePorts(V1ServiceSpec spec) => spec.Type is ServiceTypes.NodePort or ServiceTypes.LoadBalancer;

    /// <summary>LoadBalancers get new nodePorts only when allocateLoadBalancerNodePorts is true (the default).</summary>
    public static bool ShouldAllocateNodePorts(V1ServiceSpec spec) =>
        spec.Type == ServiceTypes.NodePort || (spec.Type == ServiceTypes.LoadBalancer && spec.AllocateLoadBalancerNodePorts != false);

    /// <summary>The nodePorts in use by the service's ports (healthCheckNodePort not included).</summary>
    public static HashSet<int> NodePortsOf(V1ServiceSpec spec) =>
        (spec.Ports ?? []).Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToHashSet();
}
