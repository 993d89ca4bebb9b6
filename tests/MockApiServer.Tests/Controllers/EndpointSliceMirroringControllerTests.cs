using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

public sealed class EndpointSliceMirroringControllerTests(ControllerlessServerFactory factory) : IClassFixture<ControllerlessServerFactory>
{
    private readonly MockApiServer.Controllers.EndpointSliceMirroringController _controller = factory.NewMirroringController();

    private static V1Endpoints UserEndpoints(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "192.0.2.10" }],
                NotReadyAddresses = [new V1EndpointAddress { Ip = "192.0.2.11" }],
                Ports = [new Corev1EndpointPort { Name = "pg", Port = 5432 }],
            },
        ],
    };

    private async Task<IList<V1EndpointSlice>> SyncAsync(Cluster cluster, string name)
    {
        await _controller.SyncAsync($"{cluster.Namespace}/{name}", CancellationToken.None);
        return await cluster.SlicesAsync(name);
    }

    [Fact]
    public async Task Sync_SelectorlessServiceWithEndpoints_MirrorsThemIntoASlice()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("db", selector: null);
        var endpoints = await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(UserEndpoints("db"), cluster.Namespace);

        var slice = Assert.Single(await SyncAsync(cluster, "db"));

        Assert.Equal("endpointslicemirroring-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("db", slice.Metadata.Labels["kubernetes.io/service-name"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal(("Endpoints", endpoints.Metadata.Uid), (owner.Kind, owner.Uid));
        Assert.Equal(("pg", 5432), (slice.Ports.Single().Name, slice.Ports.Single().Port));
        Assert.Equal([("192.0.2.10", true), ("192.0.2.11", false)], slice.Endpoints.Select(e => (e.Addresses.Single(), e.Conditions.Ready == true)));
    }

    [Fact]
    public async Task Sync_WhenNothingChanged_WritesNothing()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("db", selector: null);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(UserEndpoints("db"), cluster.Namespace);
        await SyncAsync(cluster, "db");
        var before = factory.Revision;

        await SyncAsync(cluster, "db");

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_SkipMirrorLabel_MirrorsNothing()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("db", selector: null);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(UserEndpoints("db", new Dictionary<string, string> { ["endpointslice.kubernetes.io/skip-mirror"] = "true" }), cluster.Namespace);

        Assert.Empty(await SyncAsync(cluster, "db"));
    }

    [Fact]
    public async Task Sync_ServiceWithASelector_IsNotMirrored()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("web", Cluster.App("web"));
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(UserEndpoints("web"), cluster.Namespace);

        Assert.Empty(await SyncAsync(cluster, "web"));
    }

    [Fact]
    public async Task Sync_EndpointsDeleted_RemovesTheMirroredSlice()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("db", selector: null);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(UserEndpoints("db"), cluster.Namespace);
        await SyncAsync(cluster, "db");
        await cluster.Client.CoreV1.DeleteNamespacedEndpointsAsync("db", cluster.Namespace);

        Assert.Empty(await SyncAsync(cluster, "db"));
    }
}
