using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Runtime;

/// <summary>
/// Containers run their command: exit codes become container states and pod phases as the
/// kubelet computes them under each restart policy, output goes to the log, and back-off and
/// sleep follow the (fake) clock.
/// </summary>
public sealed class ContainerProcessTests(FakeClockServerFactory factory) : IClassFixture<FakeClockServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private static V1Pod Pod(string name, string image, string restartPolicy, IList<string>? command = null, IList<string>? args = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = image, Command = command, Args = args }],
        },
    };

    private Task<V1Pod> UntilAsync(string name, Func<V1Pod, bool> done) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), done);

    private Task<V1Pod> UntilWhileTickingAsync(string name, Func<V1Pod, bool> done) =>
        factory.TickingUntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), done);

    private async Task<string> LogAsync(string name, bool previous = false)
    {
        using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync(name, "default", previous: previous);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    [Fact]
    public async Task NeverRestart_NonZeroExit_FailsThePodWithTheExitCodeAndLog()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("exit-3", "busybox:1.36", "Never", ["sh", "-c", "echo hello; exit 3"]), "default");

        var pod = await UntilAsync("exit-3", p => p.Status?.Phase == "Failed");

        var terminated = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal((3, "Error"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal(0, pod.Status.ContainerStatuses.Single().RestartCount);
        Assert.Equal(("False", "PodFailed"), (pod.Status.Conditions.Single(c => c.Type == "Ready").Status, pod.Status.Conditions.Single(c => c.Type == "Ready").Reason));
        Assert.Equal("hello\n", await LogAsync("exit-3"));
    }

    [Fact]
    public async Task OnFailure_ZeroExit_SucceedsWithoutRestart()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("exit-0", "busybox", "OnFailure", ["echo"], ["done"]), "default");

        var pod = await UntilAsync("exit-0", p => p.Status?.Phase == "Succeeded");

        var status = pod.Status.ContainerStatuses.Single();
        Assert.Equal((0, "Completed", 0), (status.State.Terminated.ExitCode, status.State.Terminated.Reason, status.RestartCount));
        Assert.Equal("PodCompleted", pod.Status.Conditions.Single(c => c.Type == "Ready").Reason);
        Assert.Equal("done\n", await LogAsync("exit-0"));
    }

    [Fact]
    public async Task ArgsExpandVariablesFromTheEnvironment()
    {
        var pod = Pod("expand", "busybox", "Never", ["echo"], ["$(GREETING), $(UNSET) $$(GREETING)"]);
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "GREETING", Value = "hi" }];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        await UntilAsync("expand", p => p.Status?.Phase == "Succeeded");

        Assert.Equal("hi, $(UNSET) $(GREETING)\n", await LogAsync("expand"));
    }

    [Fact]
    public async Task Sleep_KeepsTheContainerRunningUntilTheClockPassesIt()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("sleeper", "busybox", "Never", ["sh", "-c", "echo start; sleep 30 && echo woke"]), "default");
        await UntilAsync("sleeper", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true);
        await Poll.UntilAsync(() => LogAsync("sleeper"), l => l == "start\n");

        Assert.Equal("Running", (await _client.CoreV1.ReadNamespacedPodAsync("sleeper", "default")).Status.Phase);

        var pod = await UntilWhileTickingAsync("sleeper", p => p.Status?.Phase == "Succeeded");
        Assert.Equal("start\nwoke\n", await LogAsync("sleeper"));
        var run = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.True(run.FinishedAt - run.StartedAt >= TimeSpan.FromSeconds(30), $"ran {run.FinishedAt - run.StartedAt}");
    }

    [Fact]
    public async Task FollowingTheLog_StreamsLinesAsTheProcessWritesThem_AndEndsWithIt()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("talker", "busybox", "Never", ["sh", "-c", "echo one; sleep 5; echo two"]), "default");
        await UntilAsync("talker", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Running is not null);

        using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync("talker", "default", follow: true);
        var reader = new StreamReader(stream);
        Assert.Equal("one", await reader.ReadLineAsync());
        var rest = reader.ReadToEndAsync();
        await UntilWhileTickingAsync("talker", p => p.Status?.Phase == "Succeeded");

        Assert.Equal("two\n", await rest.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ImageThatExitsAtOnce_UnderAlways_GoesToCrashLoopBackOffWithGrowingBackoff()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("shell-only", "busybox", "Always"), "default");

        var first = (await UntilAsync("shell-only", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.RestartCount == 1)).Status.ContainerStatuses.Single();
        Assert.Equal("CrashLoopBackOff", first.State.Waiting.Reason);
        Assert.StartsWith("back-off 10s restarting failed container=main pod=shell-only_default(", first.State.Waiting.Message);
        Assert.Equal((0, "Completed"), (first.LastState.Terminated.ExitCode, first.LastState.Terminated.Reason));
        Assert.Equal("Running", (await _client.CoreV1.ReadNamespacedPodAsync("shell-only", "default")).Status.Phase);

        var second = (await UntilWhileTickingAsync("shell-only", p => p.Status.ContainerStatuses.Single().RestartCount == 2)).Status.ContainerStatuses.Single();
        Assert.StartsWith("back-off 20s restarting failed container=main", second.State.Waiting.Message);
        // The recorder writes events from its queue, after the status: wait for the second BackOff to be folded in.
        await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=shell-only,reason=BackOff"),
            l => l.Items.SingleOrDefault()?.Count == 2);
    }

    [Fact]
    public async Task ServerImage_WithoutCommand_RunsAndKeepsItsGeneratedLog()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("web", "nginx:1.27", "Always"), "default");

        var pod = await UntilAsync("web", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true);

        Assert.Equal("Running", pod.Status.Phase);
        Assert.Contains("Configuration complete; ready for start up", await LogAsync("web"));
    }

    [Fact]
    public async Task ServerAsCommand_RunsUntilStopped()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("echo-server", "hashicorp/http-echo", "Always", args: ["-text=hello"]), "default");
        await UntilAsync("echo-server", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true);

        var log = await Poll.UntilAsync(() => LogAsync("echo-server"), l => l.Length > 0);

        Assert.EndsWith("[INFO] server is listening on :5678\n", log);
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("echo-server", "default");
        Assert.Equal((true, 0), (pod.Status.ContainerStatuses.Single().Ready, pod.Status.ContainerStatuses.Single().RestartCount));
    }
}
