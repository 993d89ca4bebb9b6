using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The server with --publish-node-ports, on loopback.</summary>
public sealed class PublishingServerFactory : LoopbackMockApiServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("PublishNodePorts", "true")];
}

/// <summary>--publish-node-ports: real listeners on 127.0.0.1 for NodePorts, routed by the kube-proxy model.</summary>
public sealed class NodePortPublisherTests : FreshServerTest<PublishingServerFactory>
{
    /// <summary>A port in the default NodePort range that nothing on this host listens on now.</summary>
    private static int FreeNodePort()
    {
        for (var port = 30000 + Random.Shared.Next(2000); ; port++)
        {
            try
            {
                var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task<V1Service> NodePortServiceAsync(string name, int nodePort) =>
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec
            {
                Type = "NodePort",
                Selector = new Dictionary<string, string> { ["app"] = name },
                Ports = [new V1ServicePort { Port = 80, TargetPort = 80, NodePort = nodePort }],
            },
        }, "default");

    private static async Task<string> GetAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        return await new StreamReader(stream).ReadToEndAsync();
    }

    [Fact]
    public async Task NodePort_OnTheHost_AnswersFromAnEndpointAndClosesWhenTheTypeChanges()
    {
        var port = FreeNodePort();
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "published-web", Labels = new Dictionary<string, string> { ["app"] = "published" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
        }, "default");
        await NodePortServiceAsync("published", port);

        var page = await Poll.UntilAsync(async () =>
        {
            try
            {
                return await GetAsync(port);
            }
            catch (SocketException)
            {
                return "";
            }
        }, p => p.Contains("Welcome to nginx!", StringComparison.Ordinal));
        Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n", page);

        await Conflicts.RetryAsync(async () =>
        {
            var service = await Client.CoreV1.ReadNamespacedServiceAsync("published", "default");
            service.Spec.Type = "ClusterIP";
            service.Spec.Ports[0].NodePort = null;
            return await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "published", "default");
        });
        var publisher = Factory.Services.GetRequiredService<NodePortPublisher>();
        await Poll.UntilAsync(() => Task.FromResult(publisher.OpenPorts.Contains(port)), open => !open);
        await Assert.ThrowsAnyAsync<SocketException>(() => GetAsync(port));
    }

    [Fact]
    public async Task NodePort_TakenOnTheHost_IsAWarningEventOnTheService()
    {
        var port = FreeNodePort();
        var taken = new TcpListener(IPAddress.Loopback, port);
        taken.Start();
        try
        {
            await NodePortServiceAsync("taken", port);

            var events = await Poll.UntilAsync(() => Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=taken"),
                list => list.Items.Any(e => e.Reason == NodePortPublisher.PortNotAvailable));
            var warning = events.Items.Single(e => e.Reason == NodePortPublisher.PortNotAvailable);
            Assert.Equal(("Warning", $"can't publish node port {port} on the host: listen tcp4 127.0.0.1:{port}: bind: address already in use"), (warning.Type, warning.Message));
        }
        finally
        {
            taken.Stop();
        }
    }
}
