using k8s;
using k8s.Models;

namespace MockApiServer.Testing.Tests;

/// <summary>One server for the class; every test leaves it as it found it through ResetAsync.</summary>
public sealed class ClusterTests(MockApiServerFixture server) : IClassFixture<MockApiServerFixture>, IAsyncLifetime
{
    private IKubernetes Client => server.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.ResetAsync();

    [Fact]
    public async Task CreatedPod_BecomesReadyOnANode()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web-1", "web"), "shop");

        var pod = await server.WaitForPodReadyAsync("shop", "web-1");

        Assert.Equal("Running", pod.Status.Phase);
        Assert.StartsWith("node-", pod.Spec.NodeName);
        Assert.False(string.IsNullOrEmpty(pod.Status.PodIP));
    }

    [Fact]
    public async Task CreatedService_GetsAClusterIpFromTheDefaultRange()
    {
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(Service("web", "web"), "default");

        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.StartsWith("10.", service.Spec.ClusterIP);
    }

    [Fact]
    public async Task CreatedService_GetsEndpointsForItsReadyPods()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("api-1", "api"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("api", "api"), "default");
        var pod = await server.WaitForPodReadyAsync("default", "api-1");

        var endpoints = await server.WaitForEndpointsAsync("default", "api");

        Assert.Equal(pod.Status.PodIP, Assert.Single(Assert.Single(endpoints.Subsets).Addresses).Ip);
    }

    [Fact]
    public async Task WaitForAsync_WhenTheConditionNeverHolds_ThrowsTimeoutException()
    {
        await Assert.ThrowsAsync<TimeoutException>(() =>
            server.WaitForAsync(async client => (await client.CoreV1.ListNodeAsync()).Items.Count > 100, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task WaitForAsync_TreatsNotFoundAsNotYet()
    {
        var waiting = server.WaitForPodReadyAsync("default", "late-1");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("late-1", "late"), "default");

        var pod = await waiting;

        Assert.Equal("late-1", pod.Metadata.Name);
    }

    [Fact]
    public async Task ResetAsync_RemovesWhatTestsCreated_AndKeepsTheSeededCluster()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "scratch" } });
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("tmp-1", "tmp"), "scratch");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("tmp-2", "tmp"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("tmp", "tmp"), "default");
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "extra-node" } });
        await server.WaitForPodReadyAsync("scratch", "tmp-1");

        await server.ResetAsync();

        var namespaces = (await Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Name()).Order().ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], namespaces);
        Assert.Empty((await Client.CoreV1.ListPodForAllNamespacesAsync()).Items);
        Assert.Equal(["node-1", "node-2", "node-3"], (await Client.CoreV1.ListNodeAsync()).Items.Select(n => n.Name()).Order());
        Assert.Contains((await Client.CoreV1.ListServiceForAllNamespacesAsync()).Items, s => s.Name() == "kubernetes");
        Assert.DoesNotContain((await Client.CoreV1.ListServiceForAllNamespacesAsync()).Items, s => s.Name() == "tmp");
    }

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = 8080 }] }] },
    };

    private static V1Service Service(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = app },
            Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }],
        },
    };
}
