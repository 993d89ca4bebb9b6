using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Networking;
using MockApiServer.Simulation;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

public sealed class KubeletControllerTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Pod> RunningAsync(string name, string ns = "default") =>
        await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, ns),
            p => p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready") == true);

    private async Task<V1Namespace> NamespaceAsync(string name) => await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));

    [Fact]
    public async Task RunningPod_HasContainerStatusesConditionsAndQosClass()
    {
        var pod = Objects.RunningPod("detailed");
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("128Mi") } };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var running = await RunningAsync("detailed");

        var c = running.Status.ContainerStatuses.Single();
        Assert.Equal(("docker.io/library/nginx:1.27", true, true, 0), (c.Image, c.Ready, c.Started, c.RestartCount));
        Assert.StartsWith("docker.io/library/nginx@sha256:", c.ImageID);
        Assert.StartsWith("containerd://", c.ContainerID);
        Assert.NotNull(c.State.Running.StartedAt);
        Assert.Equal("Guaranteed", running.Status.QosClass);
        Assert.NotNull(running.Status.StartTime);
        Assert.Equal(["ContainersReady", "Initialized", "PodReadyToStartContainers", "PodScheduled", "Ready"],
            running.Status.Conditions.Where(x => x.Status == "True").Select(x => x.Type).Order());
    }

    [Fact]
    public async Task RecreatedPod_GetsADifferentIp()
    {
        var pod = Objects.RunningPod("again");
        pod.Spec.NodeName = "node-1";
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var first = await RunningAsync("again");

        await _client.CoreV1.DeleteNamespacedPodAsync("again", "default", gracePeriodSeconds: 0);
        await Poll.UntilAsync(async () => (await _client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: "metadata.name=again")).Items.Count, n => n == 0);
        pod.Metadata.ResourceVersion = null;
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var second = await RunningAsync("again");

        Assert.NotEqual(first.Metadata.Uid, second.Metadata.Uid);
        Assert.NotEqual(first.Status.PodIP, second.Status.PodIP);
    }

    [Fact]
    public async Task ReadyFalse_WrittenThroughStatus_IsNotOverwritten()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("probe-fails"), "default");
        var running = await RunningAsync("probe-fails");
        var ready = running.Status.Conditions.Single(c => c.Type == "Ready");
        ready.Status = "False";
        ready.Reason = "ReadinessProbeFailed";

        await _client.CoreV1.ReplaceNamespacedPodStatusAsync(running, "probe-fails", "default");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}", V1Patch.PatchType.MergePatch), "probe-fails", "default");

        var after = await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync("probe-fails", "default"), p => p.Metadata.Labels?.ContainsKey("touched") == true);
        Assert.Equal("False", after.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("Running", after.Status.Phase);
    }

    [Fact]
    public async Task Delete_ReturnsAtOnceWithDeletionTimestamp_AndThePodGoesAway()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("short-lived"), "default");
        await RunningAsync("short-lived");

        var deleted = await _client.CoreV1.DeleteNamespacedPodAsync("short-lived", "default");

        Assert.NotNull(deleted.Metadata.DeletionTimestamp);
        Assert.Equal(30, deleted.Metadata.DeletionGracePeriodSeconds);
        await Poll.UntilAsync(async () => (await _client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: "metadata.name=short-lived")).Items.Count, n => n == 0, 5_000);
        var events = await _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=short-lived");
        Assert.Contains(events.Items, e => e.Reason == "Killing" && e.Source.Component == "kubelet");
    }

    [Fact]
    public async Task StartEvents_AreRecordedByTheKubeletOfTheNode()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("eventful"), "default");
        var pod = await RunningAsync("eventful");

        var events = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=eventful"), l => l.Items.Count >= 4);

        Assert.Contains(events.Items, e => e.Reason == "Scheduled" && e.Source.Component == "default-scheduler" && e.Message == $"Successfully assigned default/eventful to {pod.Spec.NodeName}");
        foreach (var reason in new[] { "Pulled", "Created", "Started" })
            Assert.Contains(events.Items, e => e.Reason == reason && e.Source.Component == "kubelet" && e.Source.Host == pod.Spec.NodeName);
    }

    [Fact]
    public async Task PodStartedBeforeAService_LacksItsVariables_AndOneStartedAfterHasThem()
    {
        await NamespaceAsync("links");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("early"), "links");
        var early = await RunningAsync("early", "links");
        var service = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "redis-master" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 6379 }] },
        }, "links");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("late"), "links");
        var late = await RunningAsync("late", "links");

        var containers = factory.Services.GetRequiredService<ContainerRuntimeStore>();
        // The kubelet records the runtime view right after the Running status it writes.
        var before = await Poll.UntilAsync(() => Task.FromResult(containers.Environment(early.Metadata.Uid, "web")), e => e.Count > 0);
        var after = await Poll.UntilAsync(() => Task.FromResult(containers.Environment(late.Metadata.Uid, "web")), e => e.Count > 0);
        Assert.Equal("10.96.0.1", before["KUBERNETES_SERVICE_HOST"]);
        Assert.DoesNotContain("REDIS_MASTER_SERVICE_HOST", before.Keys);
        Assert.Equal(service.Spec.ClusterIP, after["REDIS_MASTER_SERVICE_HOST"]);
        Assert.Equal($"tcp://{service.Spec.ClusterIP}:6379", after["REDIS_MASTER_PORT_6379_TCP"]);
    }

    [Fact]
    public async Task FailAnnotation_EndsInPhaseFailed()
    {
        var pod = Objects.RunningPod("doomed");
        pod.Metadata.Annotations = new Dictionary<string, string> { [PodSimulation.FailAnnotation] = "true" };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var failed = await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync("doomed", "default"), p => p.Status?.Phase == "Failed");

        Assert.Equal(1, failed.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public async Task NeverReadyAnnotation_RunsWithoutBecomingReady()
    {
        var pod = Objects.RunningPod("unready");
        pod.Metadata.Annotations = new Dictionary<string, string> { [PodSimulation.ReadyAnnotation] = "false" };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var running = await RunningAsync("unready");

        Assert.Equal("False", running.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.False(running.Status.ContainerStatuses.Single().Ready);
    }

    [Fact]
    public async Task DeletedNode_TakesItsPodsWithIt()
    {
        await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "doomed-node" } });
        var node = await Poll.UntilAsync(() => _client.CoreV1.ReadNodeAsync("doomed-node"), n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && n.Spec.PodCIDR is not null);
        var pod = Objects.RunningPod("on-doomed");
        pod.Spec.NodeName = "doomed-node";
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var running = await RunningAsync("on-doomed");
        Assert.StartsWith(node.Spec.PodCIDR[..node.Spec.PodCIDR.LastIndexOf('.')], running.Status.PodIP);

        await _client.CoreV1.DeleteNodeAsync("doomed-node");

        await Poll.UntilAsync(async () => (await _client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: "metadata.name=on-doomed")).Items.Count, n => n == 0);
    }
}
