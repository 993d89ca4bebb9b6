using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// The namespace lifecycle controller: a Terminating namespace has its contents deleted, and is
/// removed once nothing is left in it.
/// </summary>
public sealed class NamespaceController(ResourceStore store, TimeProvider time, ILogger<NamespaceController> logger) : BackgroundService
{
    private readonly WorkQueue _queue = new(time);

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        var namespaces = store.Registry.Get("", "namespaces");
        var informer = new Informer(store.Storage, namespaces);
        return Task.WhenAll(
            informer.RunAsync((_, current) => { if (current?.Object.Metadata.DeletionTimestamp is not null) _queue.Add(current.Name); }, ct),
            _queue.RunAsync(SyncAsync, logger, ct));
    }

    public async Task SyncAsync(string name, CancellationToken ct)
    {
        var namespaces = store.Registry.Get("", "namespaces");
        var done = await store.Storage.WriteAsync(tx =>
        {
            var ns = tx.Get(namespaces, "", name);
            if (ns?.Object.Metadata.DeletionTimestamp is null) return true;
            var remaining = 0;
            foreach (var resource in store.Registry.All.Where(r => r.Namespaced))
            {
                foreach (var item in tx.List(resource, name))
                {
                    var result = item.Object.Metadata.DeletionTimestamp is null
                        ? store.DeleteInTransaction(tx, resource, item, new V1DeleteOptions())
                        : new DeleteResult(item, false);
                    if (!result.Removed) remaining++;
                }
            }
            if (remaining > 0) return false;
            tx.Delete(ns);
            return true;
        }).ConfigureAwait(false);
        if (!done) _queue.AddAfter(name, TimeSpan.FromMilliseconds(200));
    }
}
