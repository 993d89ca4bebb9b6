using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

public sealed class EndpointsControllerTests(ControllerlessServerFactory factory) : IClassFixture<ControllerlessServerFactory>
{
    private readonly EndpointsController _controller = factory.NewEndpointsController();

    private async Task<Cluster> FrontendAsync(int pods = 3)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        for (var i = 0; i < pods; i++) await cluster.PodAsync($"frontend-{i}", Cluster.App("frontend"));
        await cluster.ServiceAsync("frontend-svc", Cluster.App("frontend"));
        return cluster;
    }

    private async Task<V1Endpoints> SyncAsync(Cluster cluster, string service = "frontend-svc")
    {
        await _controller.SyncAsync($"{cluster.Namespace}/{service}", CancellationToken.None);
        return (await cluster.EndpointsAsync(service))!;
    }

    [Fact]
    public async Task Sync_SeedScenario_CreatesOneSubsetWithThreeAddressesOnTheTargetPort()
    {
        var cluster = await FrontendAsync();
        var before = factory.Revision;

        var endpoints = await SyncAsync(cluster);

        Assert.Equal(before + 1, factory.Revision);
        var subset = Assert.Single(endpoints.Subsets);
        Assert.Equal(["10.244.1.10", "10.244.1.11", "10.244.1.12"], subset.Addresses.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
        var port = Assert.Single(subset.Ports);
        Assert.Equal(5000, port.Port);
        Assert.Equal("TCP", port.Protocol);
        Assert.Null(port.Name);
        var address = subset.Addresses[0];
        Assert.Equal("node-1", address.NodeName);
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("frontend-0", cluster.Namespace);
        Assert.Equal("frontend-0", address.TargetRef.Name);
        Assert.Equal(pod.Metadata.Uid, address.TargetRef.Uid);
        Assert.Equal("Pod", address.TargetRef.Kind);
        Assert.Equal(cluster.Namespace, address.TargetRef.NamespaceProperty);
        Assert.Null(address.TargetRef.ResourceVersion);
    }

    [Fact]
    public async Task Sync_WhenNothingChanged_WritesNothing()
    {
        var cluster = await FrontendAsync();
        await SyncAsync(cluster);
        var before = factory.Revision;

        await SyncAsync(cluster);
        await SyncAsync(cluster);

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_PodUpdateThatDoesNotMatter_WritesNothing()
    {
        var cluster = await FrontendAsync();
        await SyncAsync(cluster);
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("frontend-0", cluster.Namespace);
        pod.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "irrelevant" };
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, "frontend-0", cluster.Namespace);
        var before = factory.Revision;

        await SyncAsync(cluster);

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_CopiesServiceLabels_AndSetsTheTriggerTimeToTheServiceCreation()
    {
        var cluster = await FrontendAsync();
        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("frontend-svc", cluster.Namespace);

        var endpoints = await SyncAsync(cluster);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "frontend-svc" }, endpoints.Metadata.Labels);
        Assert.Equal(TriggerTimeTracker.Format(service.Metadata.CreationTimestamp!.Value), endpoints.Metadata.Annotations[TriggerTimeTracker.Annotation]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", endpoints.Metadata.Annotations[TriggerTimeTracker.Annotation]);
    }

    [Fact]
    public async Task Sync_NotReadyPod_GoesToNotReadyAddresses()
    {
        var cluster = await FrontendAsync(pods: 2);
        await cluster.SetReadyAsync("frontend-1", ready: false);

        var subset = Assert.Single((await SyncAsync(cluster)).Subsets);

        Assert.Equal(["10.244.1.10"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal(["10.244.1.11"], subset.NotReadyAddresses.Select(a => a.Ip));
    }

    [Fact]
    public async Task Sync_PublishNotReadyAddresses_PutsEveryPodInAddresses()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("a", Cluster.App("web"), ready: false);
        await cluster.ServiceAsync("web", Cluster.App("web"), configure: s => s.Spec.PublishNotReadyAddresses = true);

        var subset = Assert.Single((await SyncAsync(cluster, "web")).Subsets);

        Assert.Equal(["10.244.1.10"], subset.Addresses.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public async Task Sync_PodWithoutIp_IsSkipped_AndAnEmptyEndpointsIsWritten()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.NodeAsync("node-1");
        var pod = Objects.Pod("pending", Cluster.App("web"));
        pod.Spec.SchedulerName = "none";
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);
        await cluster.ServiceAsync("web", Cluster.App("web"));

        var endpoints = await SyncAsync(cluster, "web");

        Assert.Null(endpoints.Subsets);
    }

    [Fact]
    public async Task Sync_TerminatingPod_IsLeftOut()
    {
        var cluster = await FrontendAsync(pods: 2);
        await cluster.TerminateAsync("frontend-0");

        var subset = Assert.Single((await SyncAsync(cluster)).Subsets);

        Assert.Equal(["frontend-1"], subset.Addresses.Select(a => a.TargetRef.Name));
    }

    [Fact]
    public async Task Sync_NamedTargetPort_ResolvesPerPod_IntoSeparateSubsets()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("a", Cluster.App("web"), configure: p => p.Spec.Containers[0].Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }]);
        await cluster.PodAsync("b", Cluster.App("web"), configure: p => p.Spec.Containers[0].Ports = [new V1ContainerPort { Name = "http", ContainerPort = 9090 }]);
        await cluster.PodAsync("udp-only", Cluster.App("web"), configure: p => p.Spec.Containers[0].Ports = [new V1ContainerPort { Name = "http", ContainerPort = 7070, Protocol = "UDP" }]);
        await cluster.ServiceAsync("web", Cluster.App("web"), targetPort: "http");

        var subsets = (await SyncAsync(cluster, "web")).Subsets;

        Assert.Equal(2, subsets.Count);
        Assert.Contains(subsets, s => s.Ports.Single().Port == 8080 && s.Addresses.Single().TargetRef.Name == "a");
        Assert.Contains(subsets, s => s.Ports.Single().Port == 9090 && s.Addresses.Single().TargetRef.Name == "b");
    }

    [Fact]
    public async Task Sync_PodWithMatchingHostnameAndSubdomain_GetsAHostname()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("db-0", Cluster.App("db"), configure: p => { p.Spec.Hostname = "db-0"; p.Spec.Subdomain = "db"; });
        await cluster.PodAsync("db-1", Cluster.App("db"), configure: p => { p.Spec.Hostname = "db-1"; p.Spec.Subdomain = "other"; });
        await cluster.ServiceAsync("db", Cluster.App("db"), configure: s => s.Spec.ClusterIP = "None");

        var endpoints = await SyncAsync(cluster, "db");

        var addresses = Assert.Single(endpoints.Subsets).Addresses;
        Assert.Equal("db-0", addresses.Single(a => a.TargetRef.Name == "db-0").Hostname);
        Assert.Null(addresses.Single(a => a.TargetRef.Name == "db-1").Hostname);
        Assert.Equal("", endpoints.Metadata.Labels["service.kubernetes.io/headless"]);
    }

    [Fact]
    public async Task Sync_ServiceWithAClusterIp_IsNotLabelledHeadless()
    {
        var cluster = await FrontendAsync(pods: 1);

        var endpoints = await SyncAsync(cluster);

        Assert.False(endpoints.Metadata.Labels?.ContainsKey("service.kubernetes.io/headless") ?? false);
    }

    [Fact]
    public async Task Sync_RelabelledPod_LeavesTheEndpoints()
    {
        var cluster = await FrontendAsync();
        await SyncAsync(cluster);
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("frontend-2", cluster.Namespace);
        pod.Metadata.Labels = Cluster.App("backend");
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, "frontend-2", cluster.Namespace);

        var subset = Assert.Single((await SyncAsync(cluster)).Subsets);

        Assert.Equal(["frontend-0", "frontend-1"], subset.Addresses.Select(a => a.TargetRef.Name));
    }

    [Fact]
    public async Task Sync_SelectorlessService_LeavesTheUsersEndpointsAlone()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("external-db", selector: null);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "external-db" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.10" }], Ports = [new Corev1EndpointPort { Port = 5432 }] }],
        }, cluster.Namespace);
        var before = factory.Revision;

        var endpoints = await SyncAsync(cluster, "external-db");

        Assert.Equal(before, factory.Revision);
        Assert.Equal("192.0.2.10", endpoints.Subsets.Single().Addresses.Single().Ip);
    }

    [Fact]
    public async Task Sync_ServiceGone_DeletesTheEndpoints()
    {
        var cluster = await FrontendAsync(pods: 1);
        await SyncAsync(cluster);
        await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("frontend-svc", cluster.Namespace);

        await _controller.SyncAsync($"{cluster.Namespace}/frontend-svc", CancellationToken.None);

        Assert.Null(await cluster.EndpointsAsync("frontend-svc"));
    }

    [Fact]
    public async Task Sync_StaleEndpoints_IsRewrittenToTheDesiredState()
    {
        var cluster = await FrontendAsync(pods: 1);
        var endpoints = await SyncAsync(cluster);
        endpoints.Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.9.9.9" }] }];
        await cluster.Client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "frontend-svc", cluster.Namespace);

        var repaired = await SyncAsync(cluster);

        Assert.Equal(["10.244.1.10"], repaired.Subsets.Single().Addresses.Select(a => a.Ip));
    }
}
