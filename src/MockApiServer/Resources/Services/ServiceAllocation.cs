using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// A Service's ClusterIP and nodePorts through its life (k/k registry/core/service/storage):
/// the Prepare steps rewrite fields before validation and never touch storage; Allocate*,
/// Release run inside the write transaction, so everything they take or free commits or rolls
/// back with the Service. Errors are 422 Invalid with Kubernetes' paths, or 500 when a range is full.
/// </summary>
public sealed class ServiceAllocation(ClusterIpAllocator clusterIps, NodePortAllocator nodePorts)
{
    public ClusterIpAllocator ClusterIps => clusterIps;

    public NodePortAllocator NodePorts => nodePorts;

    public static ServiceAllocation From(NetworkingOptions options, RandomSource random) => new(
        new ClusterIpAllocator(options.ParseServiceClusterIpRange(), random),
        new NodePortAllocator(options.ParseServiceNodePortRange(), random));

    public static void PrepareForCreate(V1Service service)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        ServiceSpecSync.NormalizeClusterIps(spec, null);
        IpFamilyFields.Default(spec, null);
    }

    public static void PrepareForUpdate(V1Service service, V1Service old)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        var oldSpec = old.Spec ?? new V1ServiceSpec();
        ServiceSpecSync.PatchAllocatedValues(spec, oldSpec);
        ServiceSpecSync.NormalizeClusterIps(spec, oldSpec);
        ServiceSpecSync.DropTypeDependentFields(service, old);
        IpFamilyFields.Default(spec, oldSpec);
    }

    /// <summary>The primary clusterIP is immutable (validateUpgradeDowngradeClusterIPs, single-stack part).</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(V1Service service, V1Service old)
    {
        var (spec, oldSpec) = (service.Spec ?? new V1ServiceSpec(), old.Spec ?? new V1ServiceSpec());
        if (!ServiceTypeRules.NeedsClusterIp(spec) || !ServiceTypeRules.NeedsClusterIp(oldSpec)) return [];
        if (ServiceTypes.IsHeadless(spec) && ServiceTypes.IsHeadless(oldSpec)) return [];
        var (ips, oldIps) = (spec.ClusterIPs ?? [], oldSpec.ClusterIPs ?? []);
        if (oldIps.Count > 0 && ips.Count == 0)
            return [new FieldError("FieldValueInvalid", "spec.clusterIPs[0]", $"Invalid value: {RenderIps(spec.ClusterIPs)}: primary clusterIP can not be unset")];
        var errors = new List<FieldError>();
        for (var i = 0; i < Math.Min(ips.Count, oldIps.Count); i++)
        {
            if (ips[i] != oldIps[i]) errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ips, "may not change once set"));
        }
        return errors;
    }

    public void AllocateCreate(IWriteTransaction tx, V1Service service)
    {
        var spec = service.Spec;
        ThrowIfInvalid(service, IpFamilyFields.Check(spec));
        AllocateClusterIp(tx, service);
        AllocateNodePorts(tx, service, held: new HashSet<int>());
        if (ServiceTypes.NeedsHealthCheck(spec)) AllocateHealthCheckNodePort(tx, service);
    }

    public void AllocateUpdate(IWriteTransaction tx, V1Service service, V1Service old)
    {
        var (spec, oldSpec) = (service.Spec, old.Spec ?? new V1ServiceSpec());
        ThrowIfInvalid(service, IpFamilyFields.Check(spec));
        if (!ServiceTypeRules.NeedsClusterIp(oldSpec) && ServiceTypeRules.NeedsClusterIp(spec)) AllocateClusterIp(tx, service);
        else if (ServiceTypeRules.NeedsClusterIp(oldSpec) && !ServiceTypeRules.NeedsClusterIp(spec)) ReleaseClusterIps(tx, oldSpec);

        var oldPorts = ServiceTypeRules.NodePortsOf(oldSpec);
        if (ServiceTypeRules.NeedsNodePorts(spec)) AllocateNodePorts(tx, service, held: oldPorts);
        var keep = ServiceTypeRules.NeedsNodePorts(spec) ? ServiceTypeRules.NodePortsOf(spec) : [];
        foreach (var port in oldPorts.Where(p => !keep.Contains(p))) nodePorts.Release(tx, port);

        var (needed, needs) = (ServiceTypes.NeedsHealthCheck(oldSpec), ServiceTypes.NeedsHealthCheck(spec));
        if (!needed && needs) AllocateHealthCheckNodePort(tx, service);
        else if (needed && !needs && oldSpec.HealthCheckNodePort is > 0 and var hc) nodePorts.Release(tx, hc);
    }

    /// <summary>Frees the clusterIPs, nodePorts and healthCheckNodePort of a deleted Service.</summary>
    public void Release(IWriteTransaction tx, V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        ReleaseClusterIps(tx, spec);
        foreach (var port in ServiceTypeRules.NodePortsOf(spec)) nodePorts.Release(tx, port);
        if (ServiceTypes.NeedsHealthCheck(spec) && spec.HealthCheckNodePort is > 0 and var hc) nodePorts.Release(tx, hc);
    }

    private void AllocateClusterIp(IWriteTransaction tx, V1Service service)
    {
        var spec = service.Spec;
        if (!ServiceTypeRules.NeedsClusterIp(spec) || ServiceTypes.IsHeadless(spec)) return;
        var requested = spec.ClusterIPs is { Count: > 0 } ? spec.ClusterIPs[0] : null;
        string ip;
        if (string.IsNullOrEmpty(requested))
        {
            ip = clusterIps.AllocateNext(tx, Owner(service)) ?? throw StatusErrors.InternalError("failed to allocate a serviceIP: range is full");
        }
        else
        {
            if (clusterIps.Allocate(tx, requested, Owner(service)) is { } error)
                throw Invalid(service, FieldError.Invalid("spec.clusterIPs", spec.ClusterIPs, $"failed to allocate IP {requested}: {error}"));
            ip = requested;
        }
        spec.ClusterIP = ip;
        spec.ClusterIPs = [ip];
    }

    private void ReleaseClusterIps(IWriteTransaction tx, V1ServiceSpec spec)
    {
        if (!ServiceTypeRules.NeedsClusterIp(spec) || ServiceTypes.IsHeadless(spec)) return;
        foreach (var ip in spec.ClusterIPs ?? (spec.ClusterIP is { } one ? [one] : [])) clusterIps.Release(tx, ip);
    }

    /// <summary>
    /// Gives ports nodePorts (initNodePorts): ports with the same number share one, a requested
    /// value wins, and values in <paramref name="held"/> already belong to this Service.
    /// </summary>
    private void AllocateNodePorts(IWriteTransaction tx, V1Service service, IReadOnlySet<int> held)
    {
        var spec = service.Spec;
        if (!ServiceTypeRules.NeedsNodePorts(spec)) return;
        var ports = spec.Ports ?? [];
        var allocateNew = ServiceTypeRules.ShouldAllocateNodePorts(spec);
        var byServicePort = new Dictionary<int, int>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var nodePort = port.NodePort ?? 0;
            if (nodePort == 0 && !allocateNew) continue;
            if (byServicePort.TryGetValue(port.Port, out var shared))
            {
                if (nodePort == 0 || nodePort == shared)
                {
                    port.NodePort = shared;
                    continue;
                }
            }
            else if (nodePort == 0)
            {
                nodePort = ports.Where(p => p.Port == port.Port).Select(p => p.NodePort ?? 0).FirstOrDefault(p => p != 0);
            }
            if (nodePort == 0)
            {
                nodePort = nodePorts.AllocateNext(tx, Owner(service)) ?? throw StatusErrors.InternalError("failed to allocate a nodePort: range is full");
            }
            else if (!held.Contains(nodePort) && nodePorts.Allocate(tx, nodePort, Owner(service)) is { } error)
            {
                throw Invalid(service, FieldError.Invalid($"spec.ports[{i}].nodePort", nodePort, error));
            }
            port.NodePort = nodePort;
            byServicePort.TryAdd(port.Port, nodePort);
        }
    }

    private void AllocateHealthCheckNodePort(IWriteTransaction tx, V1Service service)
    {
        var spec = service.Spec;
        if (spec.HealthCheckNodePort is > 0 and var requested)
        {
            if (nodePorts.Allocate(tx, requested, Owner(service)) is { } error)
                throw StatusErrors.InternalError($"failed to allocate requested HealthCheck NodePort {requested}: {error}");
            return;
        }
        spec.HealthCheckNodePort = nodePorts.AllocateNext(tx, Owner(service))
            ?? throw StatusErrors.InternalError("failed to allocate a HealthCheck NodePort 0: range is full");
    }

    private static string Owner(V1Service service) => $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";

    private static void ThrowIfInvalid(V1Service service, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0) throw StatusErrors.Invalid("", "Service", service.Metadata.Name ?? "", errors);
    }

    private static ApiException Invalid(V1Service service, FieldError error) => StatusErrors.Invalid("", "Service", service.Metadata.Name ?? "", [error]);

    /// <summary>Go's %#v of a []string, which prints a nil slice as []string(nil).</summary>
    private static string RenderIps(IList<string>? ips) => ips is null ? "[]string(nil)" : FieldError.Render(ips);
}
