using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

public sealed class EndpointSliceControllerTests(ControllerlessServerFactory factory) : IClassFixture<ControllerlessServerFactory>
{
    private readonly EndpointSliceController _controller = factory.NewEndpointSliceController();

    private async Task<Cluster> FrontendAsync(int pods = 3)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        for (var i = 0; i < pods; i++) await cluster.PodAsync($"frontend-{i}", Cluster.App("frontend"));
        await cluster.ServiceAsync("frontend-svc", Cluster.App("frontend"));
        return cluster;
    }

    private async Task<IList<V1EndpointSlice>> SyncAsync(Cluster cluster, string service = "frontend-svc")
    {
        await _controller.SyncAsync($"{cluster.Namespace}/{service}", CancellationToken.None);
        return await cluster.SlicesAsync(service);
    }

    [Fact]
    public async Task Sync_SeedScenario_CreatesOneLabelledOwnedSlice()
    {
        var cluster = await FrontendAsync();
        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("frontend-svc", cluster.Namespace);

        var slice = Assert.Single(await SyncAsync(cluster));

        Assert.Matches("^frontend-svc-[bcdfghjklmnpqrstvwxz2456789]{5}$", slice.Metadata.Name);
        Assert.Equal("frontend-svc-", slice.Metadata.GenerateName);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("frontend-svc", slice.Metadata.Labels["kubernetes.io/service-name"]);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("frontend-svc", slice.Metadata.Labels["app"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Service", "frontend-svc", service.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        var port = Assert.Single(slice.Ports);
        Assert.Equal(("", 5000, "TCP"), (port.Name, port.Port, port.Protocol));
        Assert.Equal(["10.244.1.10", "10.244.1.11", "10.244.1.12"], slice.Endpoints.Select(e => e.Addresses.Single()));
        var endpoint = slice.Endpoints[0];
        Assert.Equal((true, true, false), (endpoint.Conditions.Ready, endpoint.Conditions.Serving, endpoint.Conditions.Terminating));
        Assert.Equal("node-1", endpoint.NodeName);
        Assert.Equal(("Pod", "frontend-0"), (endpoint.TargetRef.Kind, endpoint.TargetRef.Name));
        Assert.NotNull(slice.Metadata.Annotations[TriggerTimeTracker.Annotation]);
    }

    [Theory]
    [InlineData("None", true)]
    [InlineData(null, false)]
    public async Task Sync_HeadlessService_LabelsItsSlicesHeadless(string? clusterIp, bool headless)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("db-0", Cluster.App("db"));
        await cluster.ServiceAsync("db", Cluster.App("db"), configure: s => s.Spec.ClusterIP = clusterIp);

        var slice = Assert.Single(await SyncAsync(cluster, "db"));

        Assert.Equal(headless, slice.Metadata.Labels.ContainsKey("service.kubernetes.io/headless"));
    }

    [Fact]
    public async Task Sync_WhenNothingChanged_WritesNothing()
    {
        var cluster = await FrontendAsync();
        await SyncAsync(cluster);
        var before = factory.Revision;

        await SyncAsync(cluster);

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_NotReadyAndTerminatingPods_CarryTheirConditions()
    {
        var cluster = await FrontendAsync();
        await cluster.SetReadyAsync("frontend-1", ready: false);
        await cluster.TerminateAsync("frontend-2");

        var endpoints = Assert.Single(await SyncAsync(cluster)).Endpoints.ToDictionary(e => e.TargetRef.Name, e => e.Conditions);

        Assert.Equal((true, true, false), (endpoints["frontend-0"].Ready, endpoints["frontend-0"].Serving, endpoints["frontend-0"].Terminating));
        Assert.Equal((false, false, false), (endpoints["frontend-1"].Ready, endpoints["frontend-1"].Serving, endpoints["frontend-1"].Terminating));
        Assert.Equal((false, true, true), (endpoints["frontend-2"].Ready, endpoints["frontend-2"].Serving, endpoints["frontend-2"].Terminating));
    }

    [Fact]
    public async Task Sync_PublishNotReadyAddresses_MarksEveryEndpointReady()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("a", Cluster.App("web"), ready: false);
        await cluster.ServiceAsync("web", Cluster.App("web"), configure: s => s.Spec.PublishNotReadyAddresses = true);

        var endpoint = Assert.Single(Assert.Single(await SyncAsync(cluster, "web")).Endpoints);

        Assert.Equal((true, false), (endpoint.Conditions.Ready, endpoint.Conditions.Serving));
    }

    [Fact]
    public async Task Sync_NodeWithAZone_SetsTheEndpointZone()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.NodeAsync("zoned-node", zone: "eu-west-1a");
        await cluster.PodAsync("a", Cluster.App("web"), node: "zoned-node");
        await cluster.ServiceAsync("web", Cluster.App("web"));

        var endpoint = Assert.Single(Assert.Single(await SyncAsync(cluster, "web")).Endpoints);

        Assert.Equal("eu-west-1a", endpoint.Zone);
        Assert.Equal("zoned-node", endpoint.NodeName);
    }

    [Fact]
    public async Task Sync_MoreEndpointsThanFitInASlice_SplitsThem()
    {
        var cluster = await FrontendAsync(pods: 5);
        _controller.MaxEndpointsPerSlice = 2;

        var slices = await SyncAsync(cluster);

        Assert.Equal([1, 2, 2], slices.Select(s => s.Endpoints.Count).Order());
        Assert.Equal(5, slices.SelectMany(s => s.Endpoints).Select(e => e.TargetRef.Name).Distinct().Count());
    }

    [Fact]
    public async Task Sync_NoPods_WritesOnePlaceholder_ThatTheFirstPodThenFills()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("web", Cluster.App("web"));
        var placeholder = Assert.Single(await SyncAsync(cluster, "web"));
        Assert.Null(placeholder.Endpoints);
        Assert.Null(placeholder.Ports);
        var before = factory.Revision;
        await SyncAsync(cluster, "web");
        Assert.Equal(before, factory.Revision);

        await cluster.PodAsync("a", Cluster.App("web"));
        var slice = Assert.Single(await SyncAsync(cluster, "web"));

        Assert.Equal(placeholder.Metadata.Name, slice.Metadata.Name);
        Assert.Equal("10.244.1.10", slice.Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task Sync_RemovedPod_IsDroppedFromItsSlice()
    {
        var cluster = await FrontendAsync();
        var name = Assert.Single(await SyncAsync(cluster)).Metadata.Name;
        // No kubelet runs here to finish a graceful delete, so the pod is force-deleted.
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("frontend-1", cluster.Namespace, gracePeriodSeconds: 0);

        var slice = Assert.Single(await SyncAsync(cluster));

        Assert.Equal(name, slice.Metadata.Name);
        Assert.Equal(["frontend-0", "frontend-2"], slice.Endpoints.Select(e => e.TargetRef.Name));
    }

    [Fact]
    public async Task Sync_PodOnAMissingNode_IsLeftOut_AndTheServiceRetried()
    {
        var cluster = await FrontendAsync(pods: 1);
        await cluster.PodAsync("ghost", Cluster.App("frontend"), node: "node-gone");
        await cluster.Client.CoreV1.DeleteNodeAsync("node-gone");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _controller.SyncAsync($"{cluster.Namespace}/frontend-svc", CancellationToken.None));

        Assert.Equal(["frontend-0"], Assert.Single(await cluster.SlicesAsync("frontend-svc")).Endpoints.Select(e => e.TargetRef.Name));
    }

    [Fact]
    public async Task Sync_ServiceGone_DeletesItsSlices()
    {
        var cluster = await FrontendAsync(pods: 1);
        await SyncAsync(cluster);
        await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("frontend-svc", cluster.Namespace);

        Assert.Empty(await SyncAsync(cluster));
    }

    [Fact]
    public async Task Sync_SelectorlessService_GetsNoSlicesFromThisController()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("external", selector: null);
        var before = factory.Revision;

        Assert.Empty(await SyncAsync(cluster, "external"));
        Assert.Equal(before, factory.Revision);
    }
}
