using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The serviceaccount controller: a default ServiceAccount in every namespace, put back when deleted.</summary>
public sealed class ServiceAccountsControllerTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private Task<V1ServiceAccountList> DefaultAsync(string ns) =>
        Poll.UntilAsync(() => _client.CoreV1.ListNamespacedServiceAccountAsync(ns, fieldSelector: "metadata.name=default"), l => l.Items.Count == 1);

    [Fact]
    public async Task NewNamespace_GetsADefaultServiceAccount_RecreatedAfterDelete()
    {
        var ns = "sa-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(ns));

        var first = (await DefaultAsync(ns)).Items.Single();
        await _client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);
        var second = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedServiceAccountAsync(ns), l => l.Items.Count == 1 && l.Items[0].Metadata.Uid != first.Metadata.Uid);

        Assert.Equal("default", second.Items.Single().Metadata.Name);
    }

    [Fact]
    public async Task SystemNamespaces_HaveTheirDefaultServiceAccount()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" }) await DefaultAsync(ns);
    }
}
