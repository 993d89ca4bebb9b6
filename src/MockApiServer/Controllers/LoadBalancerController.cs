using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;

namespace MockApiServer.Controllers;

/// <summary>
/// A bare-metal load balancer, as MetalLB's controller runs one: every served LoadBalancer
/// Service gets an address from the pool in status.loadBalancer.ingress, written through the
/// status subresource with the resourceVersion it decided on. One worker decides from the
/// committed snapshot, which holds its own earlier writes, so two Services never get one address;
/// a Service changed in between is a conflict and is decided again. Other classes are left alone
/// (they stay &lt;pending&gt;). Services waiting for an address are retried whenever a served
/// Service gives one up.
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
        new Informer(store, Services).RunAsync(OnChange, ct),
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
        foreach (var o in store.Snapshot.List(Services, null))
        {
            if (o.Object is V1Service s && _pool.Serves(s) && LoadBalancerIpPool.IngressIps(s).Count == 0) _queue.Add(KeyOf(o));
        }
    }

    /// <summary>Reconciles one Service ("namespace/name"); writes only when its ingress must change.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        var snapshot = store.Snapshot;
        if (snapshot.Get(Services, ns, name) is not { Object: V1Service service } existing || !_pool.Serves(service)) return;
        var others = snapshot.List(Services, null).Where(o => o != existing).Select(o => (V1Service)o.Object);
        var decision = _pool.Decide(service, others);
        var ingress = decision.Ips.Select(ip => new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" }).ToList();
        if (!SameIngress(service.Status?.LoadBalancer?.Ingress, ingress))
        {
            var updated = existing.CloneAs<V1Service>();
            updated.Status ??= new V1ServiceStatus();
            updated.Status.LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress.Count > 0 ? ingress : null };
            try
            {
                service = (V1Service)(await store.UpdateAsync(Services, ns, name, updated, WriteOptions.Manager("kube-controller-manager"), status: true).ConfigureAwait(false)).Object;
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                if (e.Code == 409) _queue.Add(key); // changed since the snapshot: decide again on the new one
                return;
            }
        }
        if (decision.Cleared is { } cleared) await recorder.RecordAsync(service, EventRecorder.Normal, "ClearAssignment", cleared, Component).ConfigureAwait(false);
        if (decision.Error is { } error)
            await recorder.RecordAsync(service, EventRecorder.Warning, "AllocationFailed", error, Component).ConfigureAwait(false);
        else if (decision.Allocated)
            await recorder.RecordAsync(service, EventRecorder.Normal, "IPAllocated", $"Assigned IP {LoadBalancerIpPool.Quote(decision.Ips)}", Component).ConfigureAwait(false);
    }

    private static bool SameIngress(IList<V1LoadBalancerIngress>? current, List<V1LoadBalancerIngress> desired) =>
        (current ?? []).Count == desired.Count
        && (current ?? []).Zip(desired).All(p => p.First.Ip == p.Second.Ip && p.First.IpMode == p.Second.IpMode
            && string.IsNullOrEmpty(p.First.Hostname) && p.First.Ports is not { Count: > 0 });

    private static string KeyOf(StoredObject o) => $"{o.Namespace}/{o.Name}";
}
