using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// SetDefaults_Service (k/k pkg/apis/core/v1/defaults.go), applied before validation. ClusterIPs,
/// IP families and nodePorts are left to the allocator.
/// </summary>
public static class ServiceDefaults
{
    public const int DefaultClientIpTimeoutSeconds = 10800;

    public static void Apply(V1Service service)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        DefaultSessionAffinity(spec);
        if (string.IsNullOrEmpty(spec.Type)) spec.Type = ServiceTypes.ClusterIP;
        foreach (var port in spec.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol)) port.Protocol = "TCP";
            if (port.TargetPort is null || port.TargetPort.Value is null or "" or "0") port.TargetPort = port.Port;
        }
        if (ServiceTypes.ExternallyAccessible(spec) && string.IsNullOrEmpty(spec.ExternalTrafficPolicy)) spec.ExternalTrafficPolicy = "Cluster";
        if (spec.InternalTrafficPolicy is null && spec.Type is ServiceTypes.ClusterIP or ServiceTypes.NodePort or ServiceTypes.LoadBalancer)
            spec.InternalTrafficPolicy = "Cluster";
        if (spec.Type == ServiceTypes.LoadBalancer)
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
            foreach (var ingress in service.Status?.LoadBalancer?.Ingress ?? [])
                if (!string.IsNullOrEmpty(ingress.Ip) && ingress.IpMode is null) ingress.IpMode = "VIP";
        }
    }

    private static void DefaultSessionAffinity(V1ServiceSpec spec)
    {
        if (string.IsNullOrEmpty(spec.SessionAffinity)) spec.SessionAffinity = "None";
        if (spec.SessionAffinity == "None") spec.SessionAffinityConfig = null;
        if (spec.SessionAffinity == "ClientIP" && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is null)
            spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = DefaultClientIpTimeoutSeconds } };
    }
}
