using System.Net;
using k8s;

namespace MockApiServer.Testing.Tests;

/// <summary>A fixture on a real loopback socket (WebApplicationFactory's UseKestrel), for clients that need one.</summary>
public sealed class SocketFixture : MockApiServerFixture
{
    public SocketFixture() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
}

public sealed class SocketTests(SocketFixture server) : IClassFixture<SocketFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.ResetAsync();

    [Fact]
    public async Task Client_TalksToTheServerOverTheSocket()
    {
        var nodes = await server.Client.CoreV1.ListNodeAsync();

        Assert.Equal("127.0.0.1", ((Kubernetes)server.Client).BaseUri.Host);
        Assert.NotEmpty(nodes.Items);
    }

    [Fact]
    public async Task Reset_RemovesWhatATestCreated()
    {
        await server.Client.CoreV1.CreateNamespaceAsync(new() { Metadata = new() { Name = "over-the-socket" } });

        await server.ResetAsync();

        var namespaces = await server.Client.CoreV1.ListNamespaceAsync();
        Assert.DoesNotContain(namespaces.Items, n => n.Metadata.Name == "over-the-socket");
    }
}
