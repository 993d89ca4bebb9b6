using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>The endpoint controllers running in the server, observed through the official client.</summary>
public sealed class EndpointsIntegrationTests(NoKubeletServerFactory factory) : IClassFixture<NoKubeletServerFactory>
{
    private static List<string> Ready(V1Endpoints? e) => e?.Subsets?.SelectMany(s => s.Addresses ?? []).Select(a => a.Ip).Order().ToList() ?? [];

    private static List<string> NotReady(V1Endpoints? e) => e?.Subsets?.SelectMany(s => s.NotReadyAddresses ?? []).Select(a => a.Ip).Order().ToList() ?? [];

    private static Task<V1Endpoints?> UntilAsync(Cluster cluster, string name, Func<V1Endpoints?, bool> done) =>
        Poll.UntilAsync(() => cluster.EndpointsAsync(name), done);

    private static Task<IList<V1EndpointSlice>> UntilSlicesAsync(Cluster cluster, string name, Func<IList<V1EndpointSlice>, bool> done) =>
        Poll.UntilAsync(() => cluster.SlicesAsync(name), done);

    private async Task<Cluster> FrontendAsync()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        for (var i = 1; i <= 3; i++) await cluster.PodAsync($"frontend-{i}", Cluster.App("frontend"), ip: $"10.244.1.{i}");
        await cluster.ServiceAsync("frontend-svc", Cluster.App("frontend"));
        return cluster;
    }

    [Fact]
    public async Task SeedScenario_ThreePods_ThreeAddressesOnPort5000()
    {
        var cluster = await FrontendAsync();

        var endpoints = await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        Assert.Equal(["10.244.1.1", "10.244.1.2", "10.244.1.3"], Ready(endpoints));
        Assert.Equal(5000, endpoints!.Subsets.Single().Ports.Single().Port);
    }

    [Fact]
    public async Task SeedScenario_DeleteOne_TwoLeft_AReplacementMakesThreeWithItsNewIp()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("frontend-2", cluster.Namespace);
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).SequenceEqual(["10.244.1.1", "10.244.1.3"]));
        await cluster.PodAsync("frontend-4", Cluster.App("frontend"), ip: "10.244.2.7");

        await UntilAsync(cluster, "frontend-svc", e => Ready(e).SequenceEqual(["10.244.1.1", "10.244.1.3", "10.244.2.7"]));
    }

    [Fact]
    public async Task SeedScenario_ReadyFalse_MovesThePodToNotReadyAddresses()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        await cluster.SetReadyAsync("frontend-3", ready: false);

        var endpoints = await UntilAsync(cluster, "frontend-svc", e => NotReady(e).SequenceEqual(["10.244.1.3"]));
        Assert.Equal(["10.244.1.1", "10.244.1.2"], Ready(endpoints));
    }

    [Fact]
    public async Task SeedScenario_Relabel_ThePodLeaves()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("frontend-1", cluster.Namespace);
        pod.Metadata.Labels["app"] = "canary";
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, "frontend-1", cluster.Namespace);

        await UntilAsync(cluster, "frontend-svc", e => Ready(e).SequenceEqual(["10.244.1.2", "10.244.1.3"]));
    }

    [Fact]
    public async Task SelectorChange_ReselectsThePods()
    {
        var cluster = await FrontendAsync();
        await cluster.PodAsync("other", Cluster.App("other"), ip: "10.244.3.3");
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("frontend-svc", cluster.Namespace);
        service.Spec.Selector = Cluster.App("other");
        await cluster.Client.CoreV1.ReplaceNamespacedServiceAsync(service, "frontend-svc", cluster.Namespace);

        await UntilAsync(cluster, "frontend-svc", e => Ready(e).SequenceEqual(["10.244.3.3"]));
    }

    [Fact]
    public async Task NamedTargetPort_ResolvesAgainstEachPod()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("a", Cluster.App("web"), configure: p => p.Spec.Containers[0].Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }]);
        await cluster.ServiceAsync("web", Cluster.App("web"), targetPort: "http");

        var endpoints = await UntilAsync(cluster, "web", e => Ready(e).Any());

        Assert.Equal(8080, endpoints!.Subsets.Single().Ports.Single().Port);
        var slice = Assert.Single(await UntilSlicesAsync(cluster, "web", s => s.Any(x => x.Endpoints?.Count > 0)));
        Assert.Equal(8080, slice.Ports.Single().Port);
    }

    [Fact]
    public async Task PublishNotReadyAddresses_ListsUnreadyPodsAsAddresses()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.PodAsync("a", Cluster.App("web"), ready: false, ip: "10.244.5.5");
        await cluster.ServiceAsync("web", Cluster.App("web"), configure: s => s.Spec.PublishNotReadyAddresses = true);

        await UntilAsync(cluster, "web", e => Ready(e).SequenceEqual(["10.244.5.5"]));
    }

    [Fact]
    public async Task SelectorlessService_UserEndpointsAreKept_AndMirroredIntoASlice()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await cluster.ServiceAsync("external-db", selector: null);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "external-db" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.10" }], Ports = [new Corev1EndpointPort { Port = 5432 }] }],
        }, cluster.Namespace);

        var slice = Assert.Single(await UntilSlicesAsync(cluster, "external-db", s => s.Count == 1));

        Assert.Equal("endpointslicemirroring-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal(["192.0.2.10"], Ready(await cluster.EndpointsAsync("external-db")));
    }

    [Fact]
    public async Task ServiceDeleted_EndpointsAndSlicesGo()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);
        await UntilSlicesAsync(cluster, "frontend-svc", s => s.Sum(x => x.Endpoints?.Count ?? 0) == 3);

        await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("frontend-svc", cluster.Namespace);

        await UntilAsync(cluster, "frontend-svc", e => e is null);
        await UntilSlicesAsync(cluster, "frontend-svc", s => s.Count == 0);
    }

    [Fact]
    public async Task Slices_KeepTerminatingPodsWithTheirConditions_WhileEndpointsDropThem()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        await cluster.TerminateAsync("frontend-1");

        await UntilAsync(cluster, "frontend-svc", e => Ready(e).SequenceEqual(["10.244.1.2", "10.244.1.3"]));
        var slices = await UntilSlicesAsync(cluster, "frontend-svc", s => s.SelectMany(x => x.Endpoints ?? []).Any(e => e.Conditions.Terminating == true));
        var terminating = slices.SelectMany(s => s.Endpoints).Single(e => e.TargetRef.Name == "frontend-1");
        Assert.Equal((false, true, true), (terminating.Conditions.Ready, terminating.Conditions.Serving, terminating.Conditions.Terminating));
    }

    [Fact]
    public async Task Slices_ListedByServiceName_AsKubectlDescribeAsks()
    {
        var cluster = await FrontendAsync();

        var slices = await UntilSlicesAsync(cluster, "frontend-svc", s => s.Sum(x => x.Endpoints?.Count ?? 0) == 3);

        var slice = Assert.Single(slices);
        Assert.StartsWith("frontend-svc-", slice.Metadata.Name);
        Assert.Equal(["10.244.1.1", "10.244.1.2", "10.244.1.3"], slice.Endpoints.Select(e => e.Addresses.Single()).Order());
        Assert.All(slice.Endpoints, e => Assert.Equal((true, true, false), (e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating)));
    }

    [Fact]
    public async Task EndpointsDeletedBehindTheController_AreRecreated()
    {
        var cluster = await FrontendAsync();
        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);

        await cluster.Client.CoreV1.DeleteNamespacedEndpointsAsync("frontend-svc", cluster.Namespace);

        await UntilAsync(cluster, "frontend-svc", e => Ready(e).Count() == 3);
    }

    [Fact]
    public async Task Restart_ConvergesFromWhatIsStored_AndDeletesOrphans()
    {
        var db = Path.Combine(Path.GetTempPath(), $"mockapi-endpoints-restart-{Guid.NewGuid():N}.db");
        string ns;
        using (var first = new ControllerlessServerFactory { DatabasePath = db, KeepDatabase = true })
        {
            var cluster = await Cluster.CreateAsync(first.Client);
            ns = cluster.Namespace;
            for (var i = 1; i <= 3; i++) await cluster.PodAsync($"frontend-{i}", Cluster.App("frontend"), ip: $"10.244.1.{i}");
            await cluster.ServiceAsync("frontend-svc", Cluster.App("frontend"));
            await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "orphan" } }, ns);
            await cluster.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "orphan" },
                Spec = new V1ServiceSpec { Selector = Cluster.App("none"), Ports = [new V1ServicePort { Port = 80 }] },
            }, ns);
            await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("orphan", ns);
        }

        using var second = new MockApiServerFactory { DatabasePath = db };
        var restarted = new Cluster(second.Client, ns);

        await UntilAsync(restarted, "frontend-svc", e => Ready(e).Count() == 3);
        await UntilSlicesAsync(restarted, "frontend-svc", s => s.Sum(x => x.Endpoints?.Count ?? 0) == 3);
        await UntilAsync(restarted, "orphan", e => e is null);
    }
}
