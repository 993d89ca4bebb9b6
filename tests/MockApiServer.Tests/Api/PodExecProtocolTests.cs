using System.Net.WebSockets;
using System.Text;
using k8s;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>The channel protocols frame by frame, through the test server's WebSocket client.</summary>
public sealed class PodExecProtocolTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<(WebSocket Socket, List<byte[]> Frames)> ExecAsync(string pod, string query, params string[] protocols)
    {
        var ws = factory.Server.CreateWebSocketClient();
        foreach (var p in protocols) ws.SubProtocols.Add(p);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var socket = await ws.ConnectAsync(new Uri($"ws://localhost/api/v1/namespaces/default/pods/{pod}/exec?{query}"), deadline.Token);
        var frames = new List<byte[]>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, deadline.Token);
            if (result.MessageType == WebSocketMessageType.Close) break;
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            frames.Add(buffer[..result.Count]);
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
        return (socket, frames);
    }

    private static string Channel(List<byte[]> frames, byte channel) =>
        string.Concat(frames.Where(f => f[0] == channel).Select(f => Encoding.UTF8.GetString(f, 1, f.Length - 1)));

    [Fact]
    public async Task Exec_V5_EchoesProtocolAndEndsWithSuccessStatus()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proto-v5"));

        var (socket, frames) = await ExecAsync("proto-v5", "command=echo&command=hi&stdout=true&stderr=true", "v5.channel.k8s.io");

        Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
        Assert.Equal("hi\n", Channel(frames, 1));
        Assert.Equal("""{"metadata":{},"status":"Success"}""", Channel(frames, 3));
        Assert.Equal(3, frames[^1][0]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Exec_V4NonZeroExit_SendsNonZeroExitCodeStatus()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proto-v4"));

        var (socket, frames) = await ExecAsync("proto-v4", "command=false&stdout=true", "v4.channel.k8s.io");

        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
        Assert.Equal(
            """{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [false], exit code 1","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"1"}]}}""",
            Channel(frames, 3));
    }

    [Fact]
    public async Task Exec_ClientOrder_PicksTheFirstSupportedProtocol()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proto-order"));

        var (socket, _) = await ExecAsync("proto-order", "command=true&stdout=true", "v9.channel.k8s.io", "v4.channel.k8s.io", "v5.channel.k8s.io");

        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
    }

    [Fact]
    public async Task Exec_BaseProtocol_SendsNoStatusOnSuccess()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proto-v1"));

        var (socket, frames) = await ExecAsync("proto-v1", "command=hostname&stdout=true", "channel.k8s.io");

        Assert.Equal("channel.k8s.io", socket.SubProtocol);
        Assert.Equal("proto-v1\n", Channel(frames, 1));
        Assert.DoesNotContain(frames, f => f[0] == 3);
    }

    [Fact]
    public async Task Exec_Stdin_FeedsCatUntilV5CloseFrame()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proto-stdin"));
        var ws = factory.Server.CreateWebSocketClient();
        ws.SubProtocols.Add("v5.channel.k8s.io");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var socket = await ws.ConnectAsync(new Uri("ws://localhost/api/v1/namespaces/default/pods/proto-stdin/exec?command=cat&stdin=true&stdout=true"), deadline.Token);

        await socket.SendAsync(new byte[] { 0, (byte)'a', (byte)'b', (byte)'\n' }, WebSocketMessageType.Binary, true, deadline.Token);
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, deadline.Token);
        var output = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, deadline.Token);
            if (result.MessageType == WebSocketMessageType.Close) break;
            if (buffer[0] == 1) output.Append(Encoding.UTF8.GetString(buffer, 1, result.Count - 1));
        }

        Assert.Equal("ab\n", output.ToString());
    }
}
