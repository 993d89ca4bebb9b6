using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Runtime;

/// <summary>Startup, liveness and readiness probes and readiness gates, on a fake clock, seen through the client.</summary>
public sealed class ProbeTests(FakeClockServerFactory factory) : IClassFixture<FakeClockServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private Task<V1Pod> UntilAsync(string name, Func<V1Pod, bool> done) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), done);

    private static V1Pod Pod(string name, string image, V1Probe? readiness = null, V1Probe? liveness = null, IList<string>? command = null, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image, Command = command, ReadinessProbe = readiness, LivenessProbe = liveness }] },
    };

    private static V1Probe Http(int port, string path = "/") => new() { HttpGet = new V1HTTPGetAction { Port = port, Path = path }, PeriodSeconds = 5 };

    [Fact]
    public async Task ReadinessProbeOnAPortNobodyListensOn_KeepsThePodNotReadyAndInNotReadyAddresses()
    {
        var labels = new Dictionary<string, string> { ["app"] = "probed" };
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "probed" },
            Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] },
        }, "default");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("wrong-port", "nginx", readiness: Http(8080), labels: labels), "default");
        var running = await UntilAsync("wrong-port", p => p.Status?.Phase == "Running");

        var events = await factory.TickingUntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=wrong-port,reason=Unhealthy"), l => l.Items.Count > 0);
        var endpoints = await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedEndpointsAsync("probed", "default"), e => e.Subsets?.Count > 0);

        var ip = (await _client.CoreV1.ReadNamespacedPodAsync("wrong-port", "default")).Status.PodIP;
        Assert.Equal($"Readiness probe failed: Get \"http://{ip}:8080/\": dial tcp {ip}:8080: connect: connection refused", events.Items.Single().Message);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("wrong-port", "default");
        Assert.False(pod.Status.ContainerStatuses.Single().Ready);
        Assert.Equal(("False", "ContainersNotReady"), (pod.Status.Conditions.Single(c => c.Type == "Ready").Status, pod.Status.Conditions.Single(c => c.Type == "Ready").Reason));
        Assert.Null(endpoints.Subsets.Single().Addresses);
        Assert.Equal(ip, endpoints.Subsets.Single().NotReadyAddresses.Single().Ip);
        Assert.Equal(running.Status.PodIP, ip);
    }

    [Fact]
    public async Task ReadinessProbeThatSucceeds_MakesTheContainerReady()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("right-port", "nginx", readiness: Http(80)), "default");

        var pod = await factory.TickingUntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync("right-port", "default"),
            p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true);

        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public async Task FailingLivenessProbe_RestartsTheContainerWithUnhealthyAndKillingEvents()
    {
        var liveness = new V1Probe { Exec = new V1ExecAction { Command = ["cat", "/tmp/healthy"] }, InitialDelaySeconds = 5, PeriodSeconds = 5 };
        await _client.CoreV1.CreateNamespacedPodAsync(
            Pod("liveness-exec", "busybox", liveness: liveness, command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]), "default");
        await UntilAsync("liveness-exec", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true);

        var restarted = await factory.TickingUntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync("liveness-exec", "default"),
            p => p.Status.ContainerStatuses.Single().RestartCount >= 1);

        // Events are written asynchronously (the recorder's queue): wait for them rather than read once.
        var events = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=liveness-exec"),
            l => l.Items.Any(e => e.Reason == "Killing") && l.Items.Any(e => e.Reason == "Unhealthy" && e.Count >= 3));
        Assert.Contains(events.Items, e => e.Reason == "Unhealthy" && e.Message == "Liveness probe failed: cat: /tmp/healthy: No such file or directory");
        Assert.Contains(events.Items, e => e.Reason == "Killing" && e.Message == "Container main failed liveness probe, will be restarted");
        Assert.Equal((137, "Error"), (restarted.Status.ContainerStatuses.Single().LastState.Terminated.ExitCode, restarted.Status.ContainerStatuses.Single().LastState.Terminated.Reason));
    }

    [Fact]
    public async Task ReadinessGate_HoldsReadyUntilAClientSetsTheCondition()
    {
        var pod = Pod("gated", "nginx");
        pod.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = "example.com/feature-1" }];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var held = await UntilAsync("gated", p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Reason == "ReadinessGatesNotReady") == true);
        Assert.Equal("corresponding condition of pod readiness gate \"example.com/feature-1\" does not exist.", held.Status.Conditions.Single(c => c.Type == "Ready").Message);
        Assert.Equal("True", held.Status.Conditions.Single(c => c.Type == "ContainersReady").Status);

        await Conflicts.RetryAsync(async () =>
        {
            var current = await _client.CoreV1.ReadNamespacedPodAsync("gated", "default");
            current.Status.Conditions.Add(new V1PodCondition { Type = "example.com/feature-1", Status = "True" });
            return await _client.CoreV1.ReplaceNamespacedPodStatusAsync(current, "gated", "default");
        });

        await UntilAsync("gated", p => p.Status.Conditions.Single(c => c.Type == "Ready").Status == "True");
    }
}
