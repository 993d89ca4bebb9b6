using k8s.Models;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// The pure rewrites of a Service's allocated fields before validation: clusterIP/clusterIPs
/// synchronisation (k/k storage.go normalizeClusterIPs), patching values a PUT left out
/// (patchAllocatedValues) and wiping fields a type change leaves meaningless (strategy.go
/// dropTypeDependentFields).
/// </summary>
public static class ServiceSpecSync
{
    /// <summary>Fills values the new spec omits from the old one, so re-applying the original YAML succeeds.</summary>
    public static void PatchAllocatedValues(V1ServiceSpec spec, V1ServiceSpec old)
    {
        if (ServiceTypeRules.NeedsClusterIp(old) && ServiceTypeRules.NeedsClusterIp(spec))
        {
            if (string.IsNullOrEmpty(spec.ClusterIP)) spec.ClusterIP = old.ClusterIP;
            if (spec.ClusterIPs is not { Count: > 0 } && old.ClusterIPs is { Count: > 0 }) spec.ClusterIPs = [.. old.ClusterIPs];
        }
        // With allocateLoadBalancerNodePorts false, omitting a nodePort is how a user frees it.
        if (ServiceTypeRules.NeedsNodePorts(old) && ServiceTypeRules.ShouldAllocateNodePorts(spec))
        {
            var used = ServiceTypeRules.NodePortsOf(spec);
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in old.Ports ?? []) byName[p.Name ?? ""] = p.NodePort ?? 0;
            foreach (var p in spec.Ports ?? [])
            {
                if (p.NodePort is null or 0 && byName.TryGetValue(p.Name ?? "", out var oldPort) && oldPort != 0 && !used.Contains(oldPort))
                    p.NodePort = oldPort;
            }
        }
        if (ServiceTypes.NeedsHealthCheck(old) && ServiceTypes.NeedsHealthCheck(spec) && spec.HealthCheckNodePort is null or 0)
            spec.HealthCheckNodePort = old.HealthCheckNodePort;
    }

    /// <summary>Keeps clusterIP and clusterIPs[0] in step; <paramref name="old"/> is null on create.</summary>
    public static void NormalizeClusterIps(V1ServiceSpec spec, V1ServiceSpec? old)
    {
        if (old is null)
        {
            if (!string.IsNullOrEmpty(spec.ClusterIP) && spec.ClusterIPs is not { Count: > 0 }) spec.ClusterIPs = [spec.ClusterIP];
            return;
        }
        if (old.ClusterIPs is { Count: > 0 } && spec.ClusterIPs is not { Count: > 0 } && old.ClusterIP == spec.ClusterIP)
            spec.ClusterIPs = [.. old.ClusterIPs];
        if (old.ClusterIP == spec.ClusterIP) return;
        if (!string.IsNullOrEmpty(old.ClusterIP) && string.IsNullOrEmpty(spec.ClusterIP) && SameClusterIps(old, spec))
            spec.ClusterIPs = null;
        if (!string.IsNullOrEmpty(spec.ClusterIP) && spec.ClusterIPs is { Count: > 0 } && SameClusterIps(old, spec))
            spec.ClusterIPs[0] = spec.ClusterIP;
    }

    /// <summary>On a type change, clears allocated and type-bound fields the user left as they were.</summary>
    public static void DropTypeDependentFields(V1Service service, V1Service oldService)
    {
        var (spec, old) = (service.Spec, oldService.Spec);
        if (ServiceTypes.NeedsHealthCheck(old) && !ServiceTypes.NeedsHealthCheck(spec) && spec.HealthCheckNodePort == old.HealthCheckNodePort)
            spec.HealthCheckNodePort = null;
        if (spec.Type == old.Type) return;
        if (ServiceTypeRules.NeedsClusterIp(old) && !ServiceTypeRules.NeedsClusterIp(spec))
        {
            if (SameClusterIps(old, spec))
            {
                spec.ClusterIP = null;
                spec.ClusterIPs = null;
            }
            if (Same(old.IpFamilies, spec.IpFamilies)) spec.IpFamilies = null;
            if (spec.IpFamilyPolicy == old.IpFamilyPolicy) spec.IpFamilyPolicy = null;
        }
        if (ServiceTypeRules.NeedsNodePorts(old) && !ServiceTypeRules.NeedsNodePorts(spec) && ServiceTypeRules.NodePortsOf(old).IsSupersetOf(ServiceTypeRules.NodePortsOf(spec)))
        {
            foreach (var p in spec.Ports ?? []) p.NodePort = null;
        }
        if (old.Type == ServiceTypes.LoadBalancer && spec.Type != ServiceTypes.LoadBalancer)
        {
            if (spec.AllocateLoadBalancerNodePorts is not null && spec.AllocateLoadBalancerNodePorts == old.AllocateLoadBalancerNodePorts)
                spec.AllocateLoadBalancerNodePorts = null;
            if (spec.LoadBalancerClass is not null && spec.LoadBalancerClass == old.LoadBalancerClass) spec.LoadBalancerClass = null;
        }
        if (ServiceTypes.ExternallyAccessible(old) && !ServiceTypes.ExternallyAccessible(spec) && spec.ExternalTrafficPolicy == old.ExternalTrafficPolicy)
            spec.ExternalTrafficPolicy = null;
        // The status may still be the old object's instance, so it is replaced rather than edited.
        if (spec.Type != ServiceTypes.LoadBalancer && service.Status is { } status)
            service.Status = new V1ServiceStatus { Conditions = status.Conditions, LoadBalancer = new V1LoadBalancerStatus() };
    }

    public static bool SameClusterIps(V1ServiceSpec a, V1ServiceSpec b) => Same(a.ClusterIPs, b.ClusterIPs);

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);
}
