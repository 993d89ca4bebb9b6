using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Storage;

namespace MockApiServer.Controllers;

/// <summary>
/// A bare-metal load balancer, as MetalLB's controller runs one: every served LoadBalancer
/// Service gets an address from the pool in status.loadBalancer.ingress, written through the
/// status subresource in the same write that read which addresses are taken. Other classes are
/// left alone (they stay &lt;pending&gt;). Services waiting for an address are retried whenever a
/// served Service gives one up.
/// </summary>
public sealed class LoadBalancerController(ResourceStore store, NetworkingOptions networking, EventRecorder recorder, TimeProvider time, ILogger<LoadBalancerController> logger)
    : BackgroundService
{
    /// <summary>The event source MetalLB's controller reports as.</summary>
    public const string Component = "metallb-controller";

    private readonly WorkQueue _queue = new(time);
    private readonly LoadBalancerIpPool _pool = new(networking.ParseLoadBalancerIpRange(), networking.LoadBalancerClass);

    private ResourceDefinition Services => store.Registry.Get("", "services");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store.Storage, Services).RunAsync(OnChange, ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    private void OnChange(StoredObject? previous, StoredObject? current)
    {
        if (current?.Object is V1Service service && _pool.Serves(service)) _queue.Add(KeyOf(current));
        var before = previous?.Object is V1Service old && _pool.Serves(old) ? LoadBalancerIpPool.IngressIps(old) : [];
        var after = current?.Object is V1Service now && _pool.Serves(now) ? LoadBalancerIpPool.IngressIps(now) : [];
        if (before.Except(after).Any()) EnqueueWaiting();
    }

    /// <summary>Queues every served Service still without an address (an address was just freed).</summary>
    private void EnqueueWaiting()
    {
        foreach (var o in store.Storage.Snapshot.List(Services, null))
        {
            if (o.Object is V1Service s && _pool.Serves(s) && LoadBalancerIpPool.IngressIps(s).Count == 0) _queue.Add(KeyOf(o));
        }
    }

    /// <summary>Reconciles one Service ("namespace/name"); writes only when its ingress must change.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        var outcome = await store.Storage.WriteAsync(tx => Reconcile(tx, ns, name)).ConfigureAwait(false);
        if (outcome is not var (service, decision)) return;
        if (decision.Cleared is { } cleared) await recorder.RecordAsync(service, EventRecorder.Normal, "ClearAssignment", cleared, Component).ConfigureAwait(false);
        if (decision.Error is { } error)
            await recorder.RecordAsync(service, EventRecorder.Warning, "AllocationFailed", error, Component).ConfigureAwait(false);
        else if (decision.Allocated)
            await recorder.RecordAsync(service, EventRecorder.Normal, "IPAllocated", $"Assigned IP {LoadBalancerIpPool.Quote(decision.Ips)}", Component).ConfigureAwait(false);
    }

    private (V1Service, LoadBalancerDecision)? Reconcile(IWriteTransaction tx, string ns, string name)
    {
        var existing = tx.Get(Services, ns, name);
        if (existing?.Object is not V1Service service || !_pool.Serves(service)) return null;
        var others = tx.List(Services, null).Where(o => o != existing).Select(o => (V1Service)o.Object);
        var decision = _pool.Decide(service, others);
        var ingress = decision.Ips.Select(ip => new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" }).ToList();
        if (SameIngress(service.Status?.LoadBalancer?.Ingress, ingress)) return (service, decision);
        var updated = existing.CloneAs<V1Service>();
        updated.Status ??= new V1ServiceStatus();
        updated.Status.LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress.Count > 0 ? ingress : null };
        var stored = store.UpdateInTransaction(tx, Services, existing, updated, status: true);
        return ((V1Service)stored.Object, decision);
    }

    private static bool SameIngress(IList<V1LoadBalancerIngress>? current, List<V1LoadBalancerIngress> desired) =>
        (current ?? []).Count == desired.Count
        && (current ?? []).Zip(desired).All(p => p.First.Ip == p.Second.Ip && p.First.IpMode == p.Second.IpMode
            && string.IsNullOrEmpty(p.First.Hostname) && p.First.Ports is not { Count: > 0 });

    private static string KeyOf(StoredObject o) => $"{o.Namespace}/{o.Name}";
}
