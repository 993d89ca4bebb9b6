using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>What a fresh cluster has from its first start: the four system namespaces.</summary>
public sealed class StartupSeeder(ResourceStore store)
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public async Task SeedAsync()
    {
        var namespaces = store.Registry.Get("", "namespaces");
        foreach (var name in SystemNamespaces)
        {
            if (store.TryGet(namespaces, "", name) is not null) continue;
            await store.CreateAsync(namespaces, "", new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, WriteOptions.Default).ConfigureAwait(false);
        }
    }
}
