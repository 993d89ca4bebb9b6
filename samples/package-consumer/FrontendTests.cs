using k8s;
using k8s.Models;
using MockApiServer.Testing;

namespace PackageConsumer.Tests;

/// <summary>The seed story's frontends behind a Service, through the xunit fixture from the package.</summary>
public sealed class FrontendTests(MockApiServerFixture server) : IClassFixture<MockApiServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.ResetAsync();

    [Fact]
    public async Task Service_ListsItsReadyPods()
    {
        for (var i = 1; i <= 3; i++)
        {
            await server.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new() { Name = $"frontend-{i}", Labels = new Dictionary<string, string> { ["app"] = "frontend" } },
                Spec = new() { Containers = [new() { Name = "web", Image = "nginx" }] },
            }, "default");
        }
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "frontend-svc" },
            Spec = new() { Selector = new Dictionary<string, string> { ["app"] = "frontend" }, Ports = [new() { Port = 80 }] },
        }, "default");

        var endpoints = await server.WaitForEndpointsAsync("default", "frontend-svc", readyAddresses: 3);

        Assert.Equal(3, endpoints.Subsets.Sum(s => s.Addresses.Count));
    }
}
