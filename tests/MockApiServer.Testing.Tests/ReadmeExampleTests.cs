using k8s;
using k8s.Models;

namespace MockApiServer.Testing.Tests;

// The README's "Use it in your tests" example, kept compiling and passing here.
public sealed class ShopTests(MockApiServerFixture server) : IClassFixture<MockApiServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => server.ResetAsync();   // back to the seeded cluster after each test

    [Fact]
    public async Task Pod_BecomesReady()
    {
        var pod = new V1Pod
        {
            Metadata = new() { Name = "web-1" },
            Spec = new() { Containers = [new() { Name = "web", Image = "nginx" }] },
        };
        await server.Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var ready = await server.WaitForPodReadyAsync("default", "web-1");
        Assert.Equal("Running", ready.Status.Phase);
    }
}

public sealed class OneNode() : MockApiServerFixture(new() { Nodes = 1 });
