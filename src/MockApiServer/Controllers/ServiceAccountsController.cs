using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.ServiceAccounts;

namespace MockApiServer.Controllers;

/// <summary>
/// kube-controller-manager's serviceaccount controller: every active namespace has a
/// <c>default</c> ServiceAccount, created when the namespace appears and again when it is deleted.
/// </summary>
public sealed class ServiceAccountsController(ResourceStore store, TimeProvider time, ILogger<ServiceAccountsController> logger) : BackgroundService
{
    private readonly WorkQueue _queue = new(time);

    private ResourceDefinition Namespaces => store.Registry.Get("", "namespaces");

    private ResourceDefinition ServiceAccounts => store.Registry.Get("", "serviceaccounts");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Namespaces).RunAsync((_, current) => { if (current is not null) _queue.Add(current.Name); }, ct),
        new Informer(store, ServiceAccounts).RunAsync((previous, current) =>
        {
            if (current is null && previous?.Name == ServiceAccountStrategy.Default) _queue.Add(previous.Namespace);
        }, ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    /// <summary>Creates the namespace's default ServiceAccount when the namespace is active and it is missing.</summary>
    public async Task SyncAsync(string ns, CancellationToken ct)
    {
        if (store.TryGet(Namespaces, "", ns)?.Object is not V1Namespace { Metadata.DeletionTimestamp: null } active || active.Status?.Phase == "Terminating") return;
        if (store.TryGet(ServiceAccounts, ns, ServiceAccountStrategy.Default) is not null) return;
        try
        {
            await store.CreateAsync(ServiceAccounts, ns, new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = ServiceAccountStrategy.Default } },
                WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409 || (e.Code == 403 && e.Message.Contains("terminat", StringComparison.Ordinal)))
        {
            // Created meanwhile, or the namespace began terminating: nothing to do.
        }
    }
}
