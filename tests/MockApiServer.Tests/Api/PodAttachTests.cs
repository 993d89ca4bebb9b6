using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>
/// pods/attach through the official client's WebSocket API, to a busybox shell the simulated
/// kubelet started with stdin (as <c>kubectl run -i</c> creates it), with and without a terminal.
/// </summary>
public sealed class PodAttachTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Pod> RunShellAsync(string name, bool tty, bool stdinOnce = false)
    {
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = name, Image = "busybox:1.36", Args = ["sh"], Stdin = true, StdinOnce = stdinOnce, Tty = tty }],
            },
        }, "default");
        return await UntilAsync(name, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null);
    }

    private Task<V1Pod> UntilAsync(string name, Func<V1Pod, bool> done) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), done);

    private static async Task<string> ReadUntilAsync(Stream stream, StringBuilder seen, string expected)
    {
        // The demuxer's streams do not honour cancellation; the deadline is on the wait instead.
        var deadline = Environment.TickCount64 + 10_000;
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var remaining = deadline - Environment.TickCount64;
            var read = 0;
            try
            {
                read = remaining > 0 ? await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMilliseconds(remaining)) : 0;
            }
            catch (TimeoutException)
            {
            }
            if (read == 0) throw new TimeoutException($"no {Escape(expected)} in {Escape(seen.ToString())}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return seen.ToString();
    }

    private static string Escape(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\b", "\\b", StringComparison.Ordinal);

    private static Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    [Fact]
    public async Task Attach_Stdin_TypesIntoTheShellAndItsExitEndsThePod()
    {
        await RunShellAsync("attach-plain", tty: false);
        using var socket = await _client.WebSocketNamespacedPodAttachAsync("attach-plain", "default", stdin: true, tty: false);
        using var demux = new StreamDemuxer(socket);
        demux.Start();
        var stream = demux.GetStream(ChannelIndex.StdOut, ChannelIndex.StdIn);
        var seen = new StringBuilder();

        await WriteAsync(stream, "echo hello from $(hostname)\n");
        Assert.Contains("hello from attach-plain\n", await ReadUntilAsync(stream, seen, "attach-plain\n"));
        await WriteAsync(stream, "exit 4\n");

        var pod = await UntilAsync("attach-plain", p => p.Status?.Phase == "Failed");
        Assert.Equal(4, pod.Status.ContainerStatuses[0].State.Terminated.ExitCode);
        Assert.DoesNotContain("/ #", seen.ToString());
    }

    [Fact]
    public async Task Attach_Tty_EchoesWhatIsTypedWithCrLfAndPromptsAsBusybox()
    {
        await RunShellAsync("attach-tty", tty: true);
        using var socket = await _client.WebSocketNamespacedPodAttachAsync("attach-tty", "default", stdin: true, tty: true);
        using var demux = new StreamDemuxer(socket);
        demux.Start();
        var stream = demux.GetStream(ChannelIndex.StdOut, ChannelIndex.StdIn);
        var seen = new StringBuilder();

        await WriteAsync(stream, "\r");
        await ReadUntilAsync(stream, seen, "\r\n/ # ");
        await WriteAsync(stream, "hostnamx\u007fe\r");

        Assert.EndsWith("\r\n/ # hostnamx\b \be\r\nattach-tty\r\n/ # ", await ReadUntilAsync(stream, seen, "attach-tty\r\n/ # "));
        await WriteAsync(stream, "exit\r");
        await UntilAsync("attach-tty", p => p.Status?.Phase == "Succeeded");
    }

    [Fact]
    public async Task Attach_StdinOnce_LeavingClosesStdinSoTheShellEnds()
    {
        await RunShellAsync("attach-once", tty: false, stdinOnce: true);
        using (var socket = await _client.WebSocketNamespacedPodAttachAsync("attach-once", "default", stdin: true, tty: false))
        {
            using var demux = new StreamDemuxer(socket);
            demux.Start();
            var stream = demux.GetStream(ChannelIndex.StdOut, ChannelIndex.StdIn);
            await WriteAsync(stream, "echo still here\n");
            await ReadUntilAsync(stream, new StringBuilder(), "still here\n");
        }

        var pod = await UntilAsync("attach-once", p => p.Status?.Phase == "Succeeded");
        Assert.Equal(0, pod.Status.ContainerStatuses[0].State.Terminated.ExitCode);
    }

    [Fact]
    public async Task Attach_NotUpgraded_IsBadRequestStatus()
    {
        await RunShellAsync("attach-http", tty: false);
        using var http = new HttpClient { BaseAddress = factory.BaseAddress };

        var response = await http.PostAsync("/api/v1/namespaces/default/pods/attach-http/attach?stdout=true", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Upgrade request required", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Attach_NoStream_IsBadRequestStatus()
    {
        using var http = new HttpClient { BaseAddress = factory.BaseAddress };

        var response = await http.GetAsync("/api/v1/namespaces/default/pods/whatever/attach");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("you must specify at least 1 of stdin, stdout, stderr", await response.Content.ReadAsStringAsync());
    }
}
