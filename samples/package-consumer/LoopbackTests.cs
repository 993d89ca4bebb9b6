using System.Net;
using k8s;
using MockApiServer.Testing;

namespace PackageConsumer.Tests;

/// <summary>The framework-neutral entry point on a real loopback port, as kubectl or a browser would need.</summary>
public sealed class LoopbackTests
{
    [Fact]
    public async Task Server_AnswersOnItsBaseAddress()
    {
        await using var server = await MockCluster.StartAsync(new() { ListenOnLoopback = true, Nodes = 1 });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var version = await http.GetAsync("/version");
        var nodes = await server.Client.CoreV1.ListNodeAsync();

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal(["node-1"], nodes.Items.Select(n => n.Metadata.Name));
    }
}
