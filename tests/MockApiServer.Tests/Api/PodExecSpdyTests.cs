using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>
/// exec over SPDY/3.1 as client-go's SPDY executor (kubectl ≤ 1.29) speaks it, with a minimal SPDY
/// client on a raw socket: header blocks as zlib stored blocks, which need no dictionary to write.
/// </summary>
public sealed class PodExecSpdyTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    [Fact]
    public async Task Exec_V4_StdoutThenNonZeroExitStatusOnTheErrorStream()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("spdy-exit"));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(factory.BaseAddress.Host, factory.BaseAddress.Port);
        var net = tcp.GetStream();
        var query = "command=sh&command=-c&command=" + Uri.EscapeDataString("echo hi; echo oops >&2; exit 3") + "&stdout=true&stderr=true";
        await net.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/namespaces/default/pods/spdy-exit/exec?{query} HTTP/1.1\r\nHost: {factory.BaseAddress.Authority}\r\n" +
            "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: channel.k8s.io\r\nContent-Length: 0\r\n\r\n"));
        var head = await ReadHeadAsync(net);
        Assert.StartsWith("HTTP/1.1 101", head);
        Assert.Contains("X-Stream-Protocol-Version: v4.channel.k8s.io", head, StringComparison.OrdinalIgnoreCase);

        var streams = new Dictionary<uint, string> { [1] = "error", [3] = "stdout", [5] = "stderr" };
        var first = true;
        foreach (var (id, type) in streams)
        {
            await net.WriteAsync(SynStream(id, [("streamtype", type)], first));
            first = false;
        }
        var received = streams.Keys.ToDictionary(id => id, _ => new MemoryStream());
        var open = new HashSet<uint>(streams.Keys);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var frame = new byte[8];
        while (open.Count > 0)
        {
            await net.ReadExactlyAsync(frame, deadline.Token);
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) & 0xffffff];
            await net.ReadExactlyAsync(payload, deadline.Token);
            var word = BinaryPrimitives.ReadUInt32BigEndian(frame);
            if ((word & 0x80000000) != 0) continue;
            received[word].Write(payload);
            if ((frame[4] & 1) != 0) open.Remove(word);
        }

        Assert.Equal("hi\n", Encoding.UTF8.GetString(received[3].ToArray()));
        Assert.Equal("oops\n", Encoding.UTF8.GetString(received[5].ToArray()));
        var status = Encoding.UTF8.GetString(received[1].ToArray());
        Assert.Contains("\"reason\":\"NonZeroExitCode\"", status);
        Assert.Contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}", status);
    }

    [Fact]
    public async Task Exec_SpdyWithoutAKnownProtocol_IsForbiddenBeforeUpgrade()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("spdy-proto"));
        using var http = new HttpClient { BaseAddress = factory.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/pods/spdy-proto/exec?command=env&stdout=true");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.ParseAdd("SPDY/3.1");
        request.Headers.Add("X-Stream-Protocol-Version", "v9.channel.k8s.io");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]",
            await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> ReadHeadAsync(NetworkStream net)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await net.ReadExactlyAsync(one);
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    /// <summary>A SYN_STREAM; the connection's first header block starts the zlib stream (no FDICT: stored blocks reference no dictionary).</summary>
    private static byte[] SynStream(uint id, (string Name, string Value)[] headers, bool firstBlock)
    {
        var raw = new List<byte>(BigEndian((uint)headers.Length));
        foreach (var (name, value) in headers)
        {
            raw.AddRange(BigEndian((uint)name.Length));
            raw.AddRange(Encoding.ASCII.GetBytes(name));
            raw.AddRange(BigEndian((uint)value.Length));
            raw.AddRange(Encoding.ASCII.GetBytes(value));
        }
        var block = new List<byte>();
        if (firstBlock) block.AddRange([0x78, 0x01]);
        block.Add(0);
        block.AddRange(BitConverter.GetBytes((ushort)raw.Count));
        block.AddRange(BitConverter.GetBytes((ushort)~raw.Count));
        block.AddRange(raw);
        var payload = new List<byte>(BigEndian(id));
        payload.AddRange(BigEndian(0));
        payload.AddRange([0, 0]);
        payload.AddRange(block);
        var frame = new List<byte> { 0x80, 3, 0, 1 };
        frame.AddRange(BigEndian((uint)payload.Count));
        frame.AddRange(payload);
        return [.. frame];
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
