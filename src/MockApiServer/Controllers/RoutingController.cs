using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking.Routing;

namespace MockApiServer.Controllers;

/// <summary>
/// The kube-proxy model: watches Services, EndpointSlices (when the kind is registered) and
/// Nodes, and after any change rebuilds the <see cref="RoutingTable"/> from one store snapshot
/// and swaps it in atomically. Every change enqueues the same key, so a burst of changes costs
/// one rebuild. Readers take <see cref="Current"/> without locks.
/// </summary>
public sealed class RoutingController(ResourceStore store, ResourceRegistry registry, Simulation.ClusterOptions cluster, TimeProvider time, ILogger<RoutingController> logger)
    : BackgroundService, IRoutingTableSource
{
    private const string Key = "routing-table";
    private readonly WorkQueue _queue = new(time);
    private readonly string _clusterCidr = cluster.ParseClusterCidr().ToString();
    private RoutingTable _table = RoutingTable.Empty(cluster.ParseClusterCidr().ToString());
    private long _unchangedThrough;

    public RoutingTable Current => Volatile.Read(ref _table);

    private ResourceDefinition Services => registry.Get("", "services");
    private ResourceDefinition Nodes => registry.Get("", "nodes");
    private ResourceDefinition? EndpointSlices => registry.Find("discovery.k8s.io", "v1", "endpointslices");

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        var watched = new[] { Services, Nodes, EndpointSlices }.OfType<ResourceDefinition>();
        var informers = watched.Select(r => new Informer(store, r).RunAsync((_, _) => _queue.Add(Key), ct));
        return Task.WhenAll([.. informers, _queue.RunAsync((_, _) => { Rebuild(); return Task.CompletedTask; }, logger, ct)]);
    }

    /// <summary>Builds the table from the store's current snapshot and swaps it in (unless a newer one won).</summary>
    public RoutingTable Rebuild()
    {
        var snapshot = store.Snapshot;
        var slices = EndpointSlices is { } r ? snapshot.List(r, null).Select(o => (V1EndpointSlice)o.Object) : [];
        var table = RoutingTableBuilder.Build(
            snapshot.List(Services, null).Select(o => (V1Service)o.Object),
            slices,
            snapshot.List(Nodes, null).Select(o => (V1Node)o.Object),
            _clusterCidr,
            snapshot.Revision,
            previous: Volatile.Read(ref _table));
        while (true)
        {
            var current = Volatile.Read(ref _table);
            if (current.Revision > table.Revision) return current;
            if (Interlocked.CompareExchange(ref _table, table, current) == current) return table;
        }
    }

    /// <summary>
    /// The table as of now: when a committed change to a watched kind is not in it yet (the
    /// controller has not caught up), rebuilds on the caller's thread. For request paths that
    /// must see their own writes.
    /// </summary>
    public RoutingTable Fresh()
    {
        var table = Current;
        var revision = store.Snapshot.Revision;
        var checkedThrough = Math.Max(table.Revision, Volatile.Read(ref _unchangedThrough));
        if (revision <= checkedThrough) return table;
        IReadOnlyList<ChangeEvent> changes;
        try
        {
            changes = store.ChangesSince(checkedThrough);
        }
        catch (ApiException)
        {
            return Rebuild();
        }
        var seenThrough = changes.Count > 0 ? changes[^1].Revision : checkedThrough;
        var relevant = seenThrough < revision || changes.Any(c => c.Object.Resource == Services || c.Object.Resource == Nodes || c.Object.Resource == EndpointSlices);
        if (relevant) return Rebuild();
        InterlockedMax(ref _unchangedThrough, seenThrough);
        return table;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
