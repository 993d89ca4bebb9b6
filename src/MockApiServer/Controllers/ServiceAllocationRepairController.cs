using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;
using MockApiServer.Resources.Services;

namespace MockApiServer.Controllers;

/// <summary>
/// kube-apiserver's ClusterIP and NodePort repair loops (ipallocator/portallocator
/// controller/repair.go): at start and every interval, the allocation table is rebuilt from the
/// stored Services in one write — values a Service holds but the table lacks are reserved again,
/// values no Service holds are freed, and duplicates or out-of-range values are reported as
/// Warning Events on the Service. Kubernetes waits three passes before freeing a leak because its
/// allocation and object writes are separate; here both commit together, so a value nobody holds
/// is a leak at once.
/// </summary>
public sealed class ServiceAllocationRepairController(
    ResourceStore store, NetworkingOptions networking, RandomSource random, EventRecorder recorder, TimeProvider time,
    ILogger<ServiceAllocationRepairController> logger) : BackgroundService
{
    public const string IpComponent = "ipallocator-repair-controller";
    public const string PortComponent = "portallocator-repair-controller";

    /// <summary>The same ranges and keys the Service strategy allocates from.</summary>
    private readonly ServiceAllocation _allocation = ServiceAllocation.From(networking, random);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(networking.RepairIntervalSeconds), time);
        do
        {
            try
            {
                await RepairAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ApiException or InvalidOperationException)
            {
                logger.LogWarning(e, "Service allocation repair failed; retrying next interval");
            }
        }
        while (await WaitAsync(timer, ct).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One repair pass over both ranges; returns what it changed and reported.</summary>
    public async Task<RepairReport> RepairAsync()
    {
        var report = await store.TransactAsync(Repair).ConfigureAwait(false);
        foreach (var leak in report.Released)
            logger.LogInformation("the {Range} value {Value} appears to have leaked: cleaning up", leak.Range, leak.Value);
        foreach (var problem in report.Problems)
            await recorder.RecordAsync(problem.Service, EventRecorder.Warning, problem.Reason, problem.Message, problem.Component).ConfigureAwait(false);
        return report;
    }

    private RepairReport Repair(IWriteTransaction tx)
    {
        var services = tx.List(store.Registry.Get("", "services"), null).Select(o => (V1Service)o.Object).ToList();
        var report = new RepairReport([], [], []);
        var clusterIps = _allocation.ClusterIps;
        var cidr = clusterIps.Cidr;
        Reconcile(tx, clusterIps.RangeKey, services, ClusterIpsOf, report, IpComponent, (ip, value) => value switch
        {
            null => ("ClusterIPNotValid", $"Cluster IP {ip} is not a valid IP; please recreate service"),
            _ when !clusterIps.Contains(ip) => ("ClusterIPOutOfRange", $"Cluster IP {ip} is not within the service CIDR {cidr}; please recreate service"),
            _ => null,
        }, ip => ("ClusterIPAlreadyAllocated", $"Cluster IP {ip} was assigned to multiple services; please recreate service"),
            ip => ("ClusterIPNotAllocated", $"Cluster IP {ip} is not allocated; repairing"));
        var range = _allocation.NodePorts.Range;
        Reconcile(tx, _allocation.NodePorts.RangeKey, services, NodePortsOf, report, PortComponent,
            (port, _) => range.Contains(int.Parse(port)) ? null : ("PortOutOfRange", $"Port {port} is not within the port range {range}; please recreate service"),
            port => ("PortAlreadyAllocated", $"Port {port} was assigned to multiple services; please recreate service"),
            port => ("PortNotAllocated", $"Port {port} is not allocated; repairing"));
        return report;
    }

    /// <summary>
    /// Rebuilds one range: Services in key order claim their values; the first claimant owns a
    /// value, later ones are duplicates. Table entries nobody claimed are released.
    /// </summary>
    private static void Reconcile(IWriteTransaction tx, string rangeKey, List<V1Service> services,
        Func<V1Service, IEnumerable<(string Text, long? Value)>> valuesOf, RepairReport report, string component,
        Func<string, long?, (string, string)?> invalid, Func<string, (string, string)> duplicate, Func<string, (string, string)> missing)
    {
        var claimed = new Dictionary<long, string>();
        foreach (var service in services)
        {
            var owner = $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
            foreach (var (text, value) in valuesOf(service))
            {
                (string Reason, string Message)? problem = invalid(text, value);
                if (problem is null && claimed.TryAdd(value!.Value, owner) is false) problem = duplicate(text);
                if (problem is null)
                {
                    var table = tx.Allocated(rangeKey);
                    if (!table.TryGetValue(value!.Value, out var recorded))
                    {
                        problem = missing(text);
                        report.Reserved.Add(new RepairedValue(rangeKey, value.Value));
                    }
                    else if (recorded != owner)
                    {
                        tx.Release(rangeKey, value.Value);
                    }
                    tx.TryAllocate(rangeKey, value.Value, owner);
                }
                if (problem is { } p) report.Problems.Add(new RepairProblem(service, p.Reason, p.Message, component));
            }
        }
        foreach (var value in tx.Allocated(rangeKey).Keys.Where(v => !claimed.ContainsKey(v)).ToList())
        {
            tx.Release(rangeKey, value);
            report.Released.Add(new RepairedValue(rangeKey, value));
        }
    }

    private static IEnumerable<(string, long?)> ClusterIpsOf(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        if (!ServiceTypeRules.NeedsClusterIp(spec) || ServiceTypes.IsHeadless(spec)) return [];
        var ips = spec.ClusterIPs is { Count: > 0 } list ? list : string.IsNullOrEmpty(spec.ClusterIP) ? [] : [spec.ClusterIP];
        return ips.Select(ip => (ip, ServiceCidr.ToValue(ip) is { } v ? (long?)v : null));
    }

    /// <summary>collectServiceNodePorts: each nodePort once (ports sharing one across protocols), plus the healthCheckNodePort.</summary>
    private static IEnumerable<(string, long?)> NodePortsOf(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        var ports = ServiceTypeRules.NodePortsOf(spec);
        if (ServiceTypes.NeedsHealthCheck(spec) && spec.HealthCheckNodePort is > 0 and var hc) ports.Add(hc);
        return ports.Order().Select(p => (p.ToString(System.Globalization.CultureInfo.InvariantCulture), (long?)p));
    }
}

/// <summary>What one repair pass did: values reserved again, values released as leaks, and the Events it raised.</summary>
public sealed record RepairReport(List<RepairedValue> Reserved, List<RepairedValue> Released, List<RepairProblem> Problems);

public sealed record RepairedValue(string Range, long Value);

public sealed record RepairProblem(V1Service Service, string Reason, string Message, string Component);
