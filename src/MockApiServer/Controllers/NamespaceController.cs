using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// The namespace lifecycle controller: a Terminating namespace has its contents deleted through
/// the registry, as any client would delete them (pods keep their grace period, finalizers hold
/// their objects), and is removed once nothing is left in it.
/// </summary>
public sealed class NamespaceController(ResourceStore store, TimeProvider time, ILogger<NamespaceController> logger) : BackgroundService
{
    private readonly WorkQueue _queue = new(time);

    private ResourceDefinition Namespaces => store.Registry.Get("", "namespaces");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Namespaces).RunAsync((_, current) => { if (current?.Object.Metadata.DeletionTimestamp is not null) _queue.Add(current.Name); }, ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    public async Task SyncAsync(string name, CancellationToken ct)
    {
        if (store.TryGet(Namespaces, "", name)?.Object.Metadata.DeletionTimestamp is null) return;
        var snapshot = store.Snapshot;
        foreach (var resource in store.Registry.All.Where(r => r.Namespaced))
        {
            foreach (var item in snapshot.List(resource, name).Where(o => o.Object.Metadata.DeletionTimestamp is null))
            {
                try
                {
                    await store.DeleteAsync(resource, name, item.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = item.Object.Metadata.Uid } }, dryRun: false)
                        .ConfigureAwait(false);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    // Gone already, or replaced by a new object of the same name: the next pass sees it.
                }
            }
        }
        if (!await FinalizeAsync(name).ConfigureAwait(false)) _queue.AddAfter(name, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Removes the namespace if nothing is left in it, in the write that checks (see <see cref="ResourceStore.TransactAsync{T}"/>).</summary>
    private Task<bool> FinalizeAsync(string name) => store.TransactAsync(tx =>
    {
        var ns = tx.Get(Namespaces, "", name);
        if (ns?.Object.Metadata.DeletionTimestamp is null) return true;
        if (store.Registry.All.Where(r => r.Namespaced).Any(r => tx.List(r, name).Count > 0)) return false;
        tx.Delete(ns);
        return true;
    });
}
