using System.Net;
using k8s;

namespace MockApiServer.Testing.Tests;

/// <summary>The framework-neutral entry point: no xunit fixture, just <c>await using</c>.</summary>
public sealed class MockClusterTests
{
    [Fact]
    public async Task StartAsync_InMemory_GivesAClientAndTheInMemoryAddress()
    {
        await using var server = await MockCluster.StartAsync(new() { Nodes = 2 });

        var nodes = await server.Client.CoreV1.ListNodeAsync();

        Assert.Equal(2, nodes.Items.Count);
        Assert.Equal(new Uri("http://localhost/"), server.BaseAddress);
    }

    [Fact]
    public async Task StartAsync_OnLoopback_AnswersOnARealPort()
    {
        await using var server = await MockCluster.StartAsync(new() { ListenOnLoopback = true });

        using var http = new HttpClient();
        var version = await http.GetAsync(new Uri(server.BaseAddress, "/version"));

        Assert.Equal(IPAddress.Loopback.ToString(), server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(server.BaseAddress.Port, ((Kubernetes)server.Client).BaseUri.Port);
    }

    [Fact]
    public async Task StartAsync_WithABadOption_FailsNamingTheOption()
    {
        var start = MockCluster.StartAsync(new() { Settings = { ["ServiceNodePortRange"] = "not-a-range" } });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => start);
        Assert.StartsWith("--service-node-port-range: \"not-a-range\"", error.Message);
    }
}
