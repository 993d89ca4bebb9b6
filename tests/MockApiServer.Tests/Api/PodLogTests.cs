using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class PodLogTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<string> ReadLogAsync(string name, string? container = null, bool? previous = null, long? tailLines = null,
        bool? timestamps = null, long? limitBytes = null, long? sinceSeconds = null)
    {
        using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync(name, "default", container: container, previous: previous,
            tailLines: (int?)tailLines, timestamps: timestamps, limitBytes: (int?)limitBytes, sinceSeconds: (int?)sinceSeconds);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    [Fact]
    public async Task ReadLog_RunningNginxPod_ReturnsNginxStartLines()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-nginx"));

        var log = await ReadLogAsync("log-nginx");

        Assert.StartsWith("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty", log);
        Assert.Contains("2026/01/01 10:00:00 [notice] 1#1: nginx/1.27.0\n", log);
        Assert.EndsWith("start worker process 30\n", log);
    }

    [Fact]
    public async Task ReadLog_OtherImage_ReturnsGenericStartLine()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-busybox", ("app", "busybox")));

        Assert.Equal("Started container app (image \"busybox\", attempt 1)\n", await ReadLogAsync("log-busybox"));
    }

    [Fact]
    public async Task ReadLog_TailLinesWithTimestamps_ReturnsLastLinesWithNanosecondTimes()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-tail"));

        var lines = (await ReadLogAsync("log-tail", tailLines: 2, timestamps: true)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^2026-01-01T10:00:00\.\d{9}Z 2026/01/01 10:00:00 \[notice\] 1#1: start worker process 29$", lines[0]);
    }

    [Fact]
    public async Task ReadLog_LimitBytes_CutsTheOutput()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-limit"));

        Assert.Equal("/docker-en", await ReadLogAsync("log-limit", limitBytes: 10));
    }

    [Fact]
    public async Task ReadLog_SinceSecondsAfterEveryLine_ReturnsNothing()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-since"));

        Assert.Equal("", await ReadLogAsync("log-since", sinceSeconds: 1));
    }

    [Fact]
    public async Task ReadLog_MissingPod_IsNotFound()
    {
        await StatusAssert.FailsAsync(() => ReadLogAsync("log-nosuch"), 404, "NotFound", "pods \"log-nosuch\" not found");
    }

    [Fact]
    public async Task ReadLog_PendingPod_IsWaitingToStart()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(RunningPods.Pod("log-pending"), "default");

        await StatusAssert.FailsAsync(() => ReadLogAsync("log-pending"), 400, "BadRequest",
            "container \"web\" in pod \"log-pending\" is waiting to start: ContainerCreating");
    }

    [Fact]
    public async Task ReadLog_TwoContainersAndNoneNamed_IsBadRequestListingThem()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-two", ("a", "nginx"), ("b", "busybox")));

        await StatusAssert.FailsAsync(() => ReadLogAsync("log-two"), 400, "BadRequest",
            "a container name must be specified for pod log-two, choose one of: [a b]");
        Assert.StartsWith("Started container b", await ReadLogAsync("log-two", container: "b"));
    }

    [Fact]
    public async Task ReadLog_PreviousWithoutRestart_IsBadRequest()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-noprev"));

        await StatusAssert.FailsAsync(() => ReadLogAsync("log-noprev", previous: true), 400, "BadRequest",
            "previous terminated container \"web\" in pod \"log-noprev\" not found");
    }

    [Fact]
    public async Task ReadLog_PreviousAfterRestart_ReturnsTheTerminatedInstanceLog()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-prev", ("app", "busybox")), restartCount: 1);

        Assert.Equal("Started container app (image \"busybox\", attempt 1)\ncontainer \"app\" exited with code 2\n", await ReadLogAsync("log-prev", previous: true));
        Assert.Equal("Started container app (image \"busybox\", attempt 2)\n", await ReadLogAsync("log-prev"));
    }

    [Fact]
    public async Task ReadLog_NegativeTailLines_IsInvalid()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-badtail"));

        await StatusAssert.FailsAsync(() => ReadLogAsync("log-badtail", tailLines: -1), 422, "Invalid",
            "PodLogOptions \"log-badtail\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
    }

    [Fact]
    public async Task ReadLog_Follow_StreamsUntilThePodIsDeleted()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("log-follow", ("app", "busybox")));
        using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync("log-follow", "default", follow: true);
        var reader = new StreamReader(stream);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        Assert.StartsWith("Started container app", await reader.ReadLineAsync(deadline.Token));
        await _client.CoreV1.DeleteNamespacedPodAsync("log-follow", "default");

        Assert.Null(await reader.ReadLineAsync(deadline.Token));
    }
}
