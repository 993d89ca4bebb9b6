using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Resources;

namespace MockApiServer.Tests.Machinery.Cache;

/// <summary>The hub on its own: changes are built here and published as the writer would, after commit.</summary>
public sealed class WatchHubTests
{
    private static readonly ResourceRegistry Registry = new ResourceRegistry().AddCoreResources();
    private static readonly ResourceDefinition Endpoints = Registry.Get("", "endpoints");
    private static readonly ResourceDefinition Pods = Registry.Get("", "pods");
    private static readonly ResourceDefinition Nodes = Registry.Get("", "nodes");

    private static ChangeEvent Change(long revision, ResourceDefinition resource, string ns, string name)
    {
        var obj = resource.NewObject();
        obj.Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns.Length == 0 ? null : ns,
            ResourceVersion = revision.ToString(CultureInfo.InvariantCulture),
        };
        return new ChangeEvent(revision, WatchEventType.Added, new StoredObject(resource, obj, KubeJson.SerializeToUtf8Bytes(obj)), null);
    }

    /// <summary>Publishes one Endpoints change in namespace "a" at each revision, one batch each.</summary>
    private static void PublishEndpoints(WatchHub hub, long first, long last)
    {
        for (var revision = first; revision <= last; revision++) hub.Publish([Change(revision, Endpoints, "a", $"ep{revision}")]);
    }

    private static List<long> Drain(WatchSubscription subscription)
    {
        var revisions = new List<long>();
        while (subscription.Events.TryRead(out var change)) revisions.Add(change.Revision);
        return revisions;
    }

    [Fact]
    public void Subscribe_AfterARevision_GetsTheBacklogThenLiveEventsInRevisionOrder()
    {
        var hub = new WatchHub(100);
        PublishEndpoints(hub, 1, 3);

        using var watch = hub.Subscribe(Endpoints, null, 1, bufferSize: 10);
        hub.Publish([Change(4, Endpoints, "a", "ep4"), Change(5, Endpoints, "a", "ep5")]);
        PublishEndpoints(hub, 6, 6);

        Assert.Equal([2, 3], watch.Backlog.Select(c => c.Revision));
        Assert.Equal([4, 5, 6], Drain(watch));
    }

    [Fact]
    public void Subscribe_AtTheNewestRevision_HasAnEmptyBacklogAndMissesNoLaterChange()
    {
        var hub = new WatchHub(100);
        PublishEndpoints(hub, 1, 3);

        using var watch = hub.Subscribe(Endpoints, null, hub.Revision, bufferSize: 10);
        PublishEndpoints(hub, 4, 5);

        Assert.Empty(watch.Backlog);
        Assert.Equal([4, 5], Drain(watch));
    }

    [Fact]
    public void Subscribe_AtARevisionNotYetPublished_SkipsTheChangesAtOrBelowIt()
    {
        // The writer swaps the snapshot before publishing: a watch started from the snapshot's
        // revision may be offered that batch afterwards, and must not see it twice.
        var hub = new WatchHub(100);
        PublishEndpoints(hub, 1, 1);

        using var watch = hub.Subscribe(Endpoints, null, 3, bufferSize: 10);
        hub.Publish([Change(2, Endpoints, "a", "ep2"), Change(3, Endpoints, "a", "ep3")]);
        PublishEndpoints(hub, 4, 4);

        Assert.Empty(watch.Backlog);
        Assert.Equal([4], Drain(watch));
    }

    [Fact]
    public void Subscribe_ToAResourceAndNamespace_GetsOnlyTheirChanges()
    {
        var hub = new WatchHub(100);
        hub.Publish([Change(1, Endpoints, "a", "x"), Change(2, Endpoints, "b", "x"), Change(3, Pods, "a", "x"), Change(4, Nodes, "", "n1")]);
        using var inA = hub.Subscribe(Endpoints, "a", 0, bufferSize: 10);
        using var everywhere = hub.Subscribe(Endpoints, null, 0, bufferSize: 10);
        using var nodes = hub.Subscribe(Nodes, null, 0, bufferSize: 10);

        hub.Publish([Change(5, Endpoints, "b", "y"), Change(6, Nodes, "", "n2"), Change(7, Endpoints, "a", "y"), Change(8, Pods, "a", "y")]);

        Assert.Equal([1], inA.Backlog.Select(c => c.Revision));
        Assert.Equal([7], Drain(inA));
        Assert.Equal([1, 2], everywhere.Backlog.Select(c => c.Revision));
        Assert.Equal([5, 7], Drain(everywhere));
        Assert.Equal([4], nodes.Backlog.Select(c => c.Revision));
        Assert.Equal([6], Drain(nodes));
    }

    [Fact]
    public void Since_ReturnsEveryChangeAfterTheRevisionOfEveryKind_OldestFirst()
    {
        var hub = new WatchHub(100);
        hub.Publish([Change(1, Endpoints, "a", "x"), Change(2, Nodes, "", "n1")]);
        hub.Publish([Change(3, Pods, "b", "p")]);

        Assert.Equal([2, 3], hub.Since(1).Select(c => c.Revision));
        Assert.Empty(hub.Since(3));
    }

    [Fact]
    public void Since_AfterHistoryIsTrimmed_ServesFromOldestResumable()
    {
        var hub = new WatchHub(historyCapacity: 2);

        PublishEndpoints(hub, 1, 5);

        Assert.Equal(3, hub.OldestResumable);
        Assert.Equal([4, 5], hub.Since(3).Select(c => c.Revision));
    }

    [Fact]
    public void Since_BelowOldestResumable_ThrowsExpired()
    {
        var hub = new WatchHub(historyCapacity: 2);
        PublishEndpoints(hub, 1, 5);

        var e = Assert.Throws<ApiException>(() => hub.Since(2));

        Assert.Equal(410, e.Code);
        Assert.Equal("Expired", e.Reason);
        Assert.Equal("too old resource version: 2 (4)", e.Message);
    }

    [Fact]
    public void Subscribe_BelowOldestResumable_ThrowsExpiredAndAddsNoWatcher()
    {
        var hub = new WatchHub(historyCapacity: 2);
        PublishEndpoints(hub, 1, 5);

        var e = Assert.Throws<ApiException>(() => hub.Subscribe(Endpoints, null, 2, bufferSize: 10));

        Assert.Equal(410, e.Code);
        Assert.Equal(0, hub.WatcherCount);
    }

    [Fact]
    public void Publish_PastAWatchersBuffer_EndsThatWatcherOnlyAfterWhatItHeld()
    {
        var hub = new WatchHub(100);
        using var slow = hub.Subscribe(Endpoints, null, 0, bufferSize: 2);
        using var other = hub.Subscribe(Endpoints, null, 0, bufferSize: 10);

        PublishEndpoints(hub, 1, 3);

        Assert.True(slow.Overflowed);
        Assert.Equal([1, 2], Drain(slow));
        Assert.True(slow.Events.Completion.IsCompleted);
        Assert.False(other.Overflowed);
        Assert.Equal(1, hub.WatcherCount);
    }

    [Fact]
    public void Publish_AfterAWatcherOverflowed_StillReachesTheOthers()
    {
        var hub = new WatchHub(100);
        using var slow = hub.Subscribe(Endpoints, "a", 0, bufferSize: 1);
        using var other = hub.Subscribe(Endpoints, "a", 0, bufferSize: 10);
        PublishEndpoints(hub, 1, 2);

        PublishEndpoints(hub, 3, 4);

        Assert.Equal([1], Drain(slow));
        Assert.Equal([1, 2, 3, 4], Drain(other));
        Assert.False(other.Events.Completion.IsCompleted);
    }

    [Fact]
    public void Dispose_RemovesTheWatcherAndCompletesItsEvents()
    {
        var hub = new WatchHub(100);
        var all = hub.Subscribe(Endpoints, null, 0, bufferSize: 10);
        var inA = hub.Subscribe(Endpoints, "a", 0, bufferSize: 10);
        Assert.Equal(2, hub.WatcherCount);

        all.Dispose();
        inA.Dispose();
        inA.Dispose();
        PublishEndpoints(hub, 1, 1);

        Assert.Equal(0, hub.WatcherCount);
        Assert.True(all.Events.Completion.IsCompleted);
        Assert.True(inA.Events.Completion.IsCompleted);
        Assert.False(all.Overflowed);
    }
}
