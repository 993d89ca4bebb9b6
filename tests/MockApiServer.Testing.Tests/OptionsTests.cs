using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace MockApiServer.Testing.Tests;

/// <summary>A fixture of one's own: one node, a small ClusterIP range, a fake clock.</summary>
public sealed class SmallClusterFixture : MockApiServerFixture
{
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public SmallClusterFixture() : base(new MockApiServerOptions
    {
        Nodes = 1,
        ServiceClusterIpRange = "10.100.0.0/24",
        ServiceNodePortRange = "31000-31009",
        TimeProvider = new FakeTimeProvider(Start),
    })
    {
    }
}

public sealed class OptionsTests(SmallClusterFixture server) : IClassFixture<SmallClusterFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.ResetAsync();

    [Fact]
    public async Task Nodes_SeedsThatManyNodes()
    {
        var nodes = await server.Client.CoreV1.ListNodeAsync();

        Assert.Equal("node-1", Assert.Single(nodes.Items).Name());
    }

    [Fact]
    public async Task ServiceRanges_AreTheOnesAllocatedFrom()
    {
        var service = await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "ranged" },
            Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80 }] },
        }, "default");

        Assert.StartsWith("10.100.0.", service.Spec.ClusterIP);
        Assert.InRange(service.Spec.Ports[0].NodePort ?? 0, 31000, 31009);
    }

    [Fact]
    public async Task TimeProvider_IsTheServersClock()
    {
        var ns = await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "dated" } });

        Assert.Equal(SmallClusterFixture.Start.UtcDateTime, ns.Metadata.CreationTimestamp);
    }
}
