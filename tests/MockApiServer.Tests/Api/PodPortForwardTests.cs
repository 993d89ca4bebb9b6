using System.Text;
using k8s;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>pods/portforward through the official client's WebSocket (v4.channel.k8s.io), against the server on a loopback socket.</summary>
public sealed class PodPortForwardTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    /// <summary>Sends <paramref name="request"/> on the port's data channel and reads until <paramref name="until"/> appears (or the deadline).</summary>
    private async Task<(string Data, string Error)> ForwardAsync(string pod, int[] ports, int index, string request, string until)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = await _client.WebSocketNamespacedPodPortForwardAsync(pod, "default", ports, "v4.channel.k8s.io", cancellationToken: deadline.Token);
        using var demux = new StreamDemuxer(socket, StreamType.PortForward);
        demux.Start();
        using var data = demux.GetStream((byte?)(2 * index), (byte?)(2 * index));
        using var error = demux.GetStream((byte?)(2 * index + 1), null);
        var bytes = Encoding.ASCII.GetBytes(request);
        await data.WriteAsync(bytes, deadline.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        var errorRead = FirstBytesAsync(error, buffer.AsMemory(2048), deadline.Token);
        while (!received.ToString().Contains(until, StringComparison.Ordinal) && !deadline.IsCancellationRequested)
        {
            var read = data.ReadAsync(buffer.AsMemory(0, 2048), deadline.Token).AsTask();
            if (await Task.WhenAny(read, errorRead) == errorRead)
                return (received.ToString(), Encoding.UTF8.GetString(buffer, 2048, await errorRead));
            // An empty read is the frame that carried only the port, not the end.
            received.Append(Encoding.UTF8.GetString(buffer, 0, await read));
        }
        return (received.ToString(), "");
    }

    /// <summary>The first non-empty read (the demuxer hands out the frame that carried only the port as an empty read).</summary>
    private static async Task<int> FirstBytesAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellation)
    {
        var n = 0;
        while (n == 0 && !cancellation.IsCancellationRequested) n = await stream.ReadAsync(buffer, cancellation);
        return n;
    }

    [Fact]
    public async Task PortForward_ToNginx_AnswersWithItsWelcomePage()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("pf-nginx"), podIp: "10.244.1.31");

        var (data, _) = await ForwardAsync("pf-nginx", [80], 0, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "</html>");

        Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n", data);
        Assert.Contains("<title>Welcome to nginx!</title>", data);
    }

    [Fact]
    public async Task PortForward_SecondPort_GoesToItsOwnChannels()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("pf-two", ("web", "nginx:1.27"), ("cache", "redis:7")), podIp: "10.244.1.32");

        var (data, _) = await ForwardAsync("pf-two", [80, 6379], 1, "*1\r\n$4\r\nPING\r\n", "\r\n");

        Assert.Equal("+PONG\r\n", data);
    }

    [Fact]
    public async Task PortForward_PortNothingListensOn_ReportsTheKubeletErrorOnTheErrorChannel()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("pf-refused"), podIp: "10.244.1.33");

        var (_, error) = await ForwardAsync("pf-refused", [81], 0, "x", "never");

        Assert.StartsWith("error forwarding port 81 to pod ", error);
        Assert.Contains(", uid : failed to execute portforward in network namespace \"/var/run/netns/cni-", error);
        Assert.Contains("failed to connect to localhost:81 inside namespace", error);
        Assert.Contains("IPv4: dial tcp4 127.0.0.1:81: connect: connection refused", error);
    }
}
