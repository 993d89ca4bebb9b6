using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// List + watch of one kind through the in-process watch hub (the same semantics HTTP watchers
/// get): the handler sees every object once at start, then every change in revision order. The
/// cache it reads is the store's snapshot, so a handler only has to enqueue keys.
/// </summary>
public sealed class Informer(ResourceStore store, ResourceDefinition resource)
{
    public ResourceDefinition Resource => resource;

    /// <summary>Calls <paramref name="onChange"/> (previous, current; either may be null) until cancelled; re-lists after an overflow.</summary>
    public async Task RunAsync(Action<StoredObject?, StoredObject?> onChange, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var snapshot = store.Snapshot;
            using var subscription = store.Watch(resource, null, snapshot.Revision, 100_000);
            foreach (var o in snapshot.List(resource, null)) onChange(null, o);
            foreach (var change in subscription.Backlog) Deliver(change, onChange);
            try
            {
                while (await subscription.Events.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    while (subscription.Events.TryRead(out var change)) Deliver(change, onChange);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Deliver(ChangeEvent change, Action<StoredObject?, StoredObject?> onChange) =>
        onChange(change.Previous, change.Type == k8s.WatchEventType.Deleted ? null : change.Object);
}
