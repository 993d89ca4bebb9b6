using k8s.Models;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>The registry's reads: gets, lists, the committed snapshot and watches.</summary>
public sealed partial class ResourceStore
{
    /// <summary>How long a list with resourceVersion newer than the cache waits for it (kube-apiserver: 3 s).</summary>
    private const int MaxListWaitMs = 3000;

    /// <summary>True once the store is open and loaded (/readyz).</summary>
    public bool IsReady => store.IsOpen;

    /// <summary>The storage backend's readiness check (/readyz: etcd answers); a null name when the backend has none.</summary>
    public Task<(string? Name, bool Healthy)> CheckStorageAsync(CancellationToken ct) => store.CheckStorageAsync(ct);

    /// <summary>
    /// The whole committed state at one revision, immutable: what informers and read-only
    /// controllers list from. Every write acknowledged before this call is in it.
    /// </summary>
    public CacheSnapshot Snapshot => store.Snapshot;

    /// <summary>The newest revision handed to every watcher.</summary>
    public long WatchRevision => store.Watch.Revision;

    public int WatcherCount => store.Watch.WatcherCount;

    /// <summary>Starts a watch after <paramref name="fromRevision"/>: the backlog, then live events (see <see cref="WatchHub"/>).</summary>
    /// <exception cref="ApiException">410 Expired when that revision is no longer held.</exception>
    public WatchSubscription Watch(ResourceDefinition resource, string? ns, long fromRevision, int bufferSize) =>
        store.Watch.Subscribe(resource, ns, fromRevision, bufferSize);

    /// <summary>Every committed change after a revision, oldest first, for every kind.</summary>
    /// <exception cref="ApiException">410 Expired when that revision is no longer held.</exception>
    public IReadOnlyList<ChangeEvent> ChangesSince(long revision) => store.Watch.Since(revision);

    public StoredObject Get(ResourceDefinition resource, string ns, string name) =>
        store.Snapshot.Get(resource, ns, name) ?? throw StatusErrors.NotFound(resource.Group, resource.Plural, name);

    public StoredObject? TryGet(ResourceDefinition resource, string ns, string name) => store.Snapshot.Get(resource, ns, name);

    public async Task<ListResult> ListAsync(ResourceDefinition resource, string? ns, ListOptions options)
    {
        var page = ListPage.Start(resource, options, store.Watch, out var revision);
        var snapshot = store.Snapshot;
        if (revision is { } wanted && page.ExactRevision is null && wanted > snapshot.Revision)
        {
            snapshot = await WaitForRevisionAsync(wanted).ConfigureAwait(false);
        }
        return page.Read(snapshot, ns, store.Watch);
    }

    private async Task<CacheSnapshot> WaitForRevisionAsync(long wanted)
    {
        var deadline = Environment.TickCount64 + MaxListWaitMs;
        while (store.Snapshot.Revision < wanted)
        {
            if (Environment.TickCount64 > deadline) throw StatusErrors.TooLargeResourceVersion(wanted, store.Snapshot.Revision);
            await Task.Delay(10).ConfigureAwait(false);
        }
        return store.Snapshot;
    }
}
