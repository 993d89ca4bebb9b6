using k8s;
using k8s.Autorest;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

/// <summary>
/// kube-apiserver puts default/kubernetes and the system namespaces back within its 10 s interval
/// (default, kube-system and kube-public cannot be deleted at all; kube-node-lease can).
/// </summary>
public sealed class BootstrapControllerTests(FakeClockServerFactory factory) : IClassFixture<FakeClockServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task DeletedKubernetesService_ComesBackOnItsAddressWithItsEndpoints()
    {
        var before = await _client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        // The endpoints controller removes the Endpoints of a Service that is gone; both come back.
        await _client.CoreV1.DeleteNamespacedServiceAsync("kubernetes", "default");

        var after = await factory.TickingUntilAsync(() => ReadOrNullAsync(() => _client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default")), s => s is not null);
        var endpoints = await factory.TickingUntilAsync(() => ReadOrNullAsync(() => _client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default")), e => e is not null);

        Assert.NotEqual(before.Metadata.Uid, after!.Metadata.Uid);
        Assert.Equal("10.96.0.1", after.Spec.ClusterIP);
        Assert.Equal(443, after.Spec.Ports[0].Port);
        Assert.Equal(6443, endpoints!.Subsets[0].Ports[0].Port);
    }

    [Fact]
    public async Task DeletedNodeLeaseNamespace_ComesBackOnceItIsGone()
    {
        await _client.CoreV1.DeleteNamespaceAsync("kube-node-lease");

        var back = await factory.TickingUntilAsync(() => ReadOrNullAsync(() => _client.CoreV1.ReadNamespaceAsync("kube-node-lease")),
            ns => ns is { Metadata.DeletionTimestamp: null });

        Assert.Equal("Active", back!.Status.Phase);
    }
}
