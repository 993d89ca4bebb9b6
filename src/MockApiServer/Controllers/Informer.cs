using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// List + watch of one kind through the in-process watch hub (the same semantics HTTP watchers
/// get): the handler sees every object once at start, then every change in revision order. The
/// cache it reads is the store's snapshot, so a handler only has to enqueue keys.
/// </summary>
public sealed class Informer(ResourceStore store, ResourceDefinition resource, int bufferSize = Informer.DefaultBufferSize)
{
    /// <summary>Changes a handler may fall behind before the watch is ended and the informer re-lists.</summary>
    public const int DefaultBufferSize = 100_000;

    public ResourceDefinition Resource => resource;

    /// <summary>
    /// Calls <paramref name="onChange"/> (previous, current; either may be null) until cancelled.
    /// After an overflow it re-lists and, as client-go's Replace does, reports what changed since
    /// the handler last heard: an update for each changed object, an add for each new one and a
    /// delete (current null) for each one gone meanwhile.
    /// </summary>
    public async Task RunAsync(Action<StoredObject?, StoredObject?> onChange, CancellationToken ct)
    {
        var known = new Dictionary<(string Namespace, string Name), StoredObject>();
        while (!ct.IsCancellationRequested)
        {
            var snapshot = store.Snapshot;
            using var subscription = store.Watch(resource, null, snapshot.Revision, bufferSize);
            Replace(known, snapshot.List(resource, null), onChange);
            foreach (var change in subscription.Backlog) Deliver(known, change, onChange);
            try
            {
                while (await subscription.Events.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    while (subscription.Events.TryRead(out var change)) Deliver(known, change, onChange);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Replace(Dictionary<(string, string), StoredObject> known, IEnumerable<StoredObject> listed, Action<StoredObject?, StoredObject?> onChange)
    {
        var gone = new Dictionary<(string, string), StoredObject>(known);
        foreach (var current in listed)
        {
            var key = (current.Namespace, current.Name);
            gone.Remove(key);
            var previous = known.GetValueOrDefault(key);
            known[key] = current;
            if (previous?.ResourceVersion != current.ResourceVersion) onChange(previous, current);
        }
        foreach (var (key, previous) in gone)
        {
            known.Remove(key);
            onChange(previous, null);
        }
    }

    private static void Deliver(Dictionary<(string, string), StoredObject> known, ChangeEvent change, Action<StoredObject?, StoredObject?> onChange)
    {
        var key = (change.Object.Namespace, change.Object.Name);
        var current = change.Type == k8s.WatchEventType.Deleted ? null : change.Object;
        if (current is null) known.Remove(key);
        else known[key] = current;
        onChange(change.Previous, current);
    }
}
