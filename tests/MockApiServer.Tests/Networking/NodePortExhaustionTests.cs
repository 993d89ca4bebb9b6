using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking;

public sealed class NodePortExhaustionTests(NodePortExhaustionTests.Fixture factory) : IClassFixture<NodePortExhaustionTests.Fixture>
{
    /// <summary>A ten-port range (too small for a static band), quick to fill.</summary>
    public sealed class Fixture : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("ServiceNodePortRange", "30000-30009")];
    }

    private readonly IKubernetes _client = factory.Client;

    private static V1Service NodePort(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] },
    };

    [Fact]
    public async Task Create_WhenTheRangeIsFull_IsInternalErrorWithKubernetesMessage()
    {
        var ports = new HashSet<int>();
        for (var i = 0; i < 10; i++)
        {
            var created = await _client.CoreV1.CreateNamespacedServiceAsync(NodePort($"np-{i}"), "default");
            ports.Add(created.Spec.Ports[0].NodePort!.Value);
        }

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedServiceAsync(NodePort("np-full"), "default"), 500, "InternalError",
            "Internal error occurred: failed to allocate a nodePort: range is full");

        Assert.Equal(Enumerable.Range(30000, 10).ToHashSet(), ports);
        Assert.Equal("failed to allocate a nodePort: range is full", Assert.Single(status.Details.Causes).Message);
        await StatusAssert.FailsAsync(() => _client.CoreV1.ReadNamespacedServiceAsync("np-full", "default"), 404, "NotFound");
    }
}
