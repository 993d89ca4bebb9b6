using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Pods;

/// <summary>Pod updates through the client: the immutable spec's 422, and an image change that restarts its container.</summary>
public sealed class PodUpdateTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Pod> RunningAsync(string name) =>
        await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"),
            p => p.Status?.Phase == "Running" && p.Status.ContainerStatuses?.All(c => c.Ready) == true);

    [Fact]
    public async Task ReplaceWithAnotherPort_IsUnprocessableWithKubernetesMessage()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("fixed-port"), "default");
        var running = await RunningAsync("fixed-port");
        running.Spec.Containers[0].Ports[0].ContainerPort = 8080;

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.ReplaceNamespacedPodAsync(running, "fixed-port", "default"), 422, "Invalid");

        Assert.StartsWith("Pod \"fixed-port\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueForbidden", "spec"), (cause.Reason, cause.Field));
        var stored = await _client.CoreV1.ReadNamespacedPodAsync("fixed-port", "default");
        Assert.Equal(5000, stored.Spec.Containers[0].Ports[0].ContainerPort);
    }

    [Fact]
    public async Task LabelsAndAddedToleration_MayChange()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("relabelled"), "default");
        await RunningAsync("relabelled");

        // Tolerations are an atomic list: the update carries the admission-added ones too, as a client that read the pod does.
        var updated = await Conflicts.RetryAsync(async () =>
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync("relabelled", "default");
            pod.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "web" };
            pod.Spec.Tolerations.Add(new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoSchedule" });
            return await _client.CoreV1.ReplaceNamespacedPodAsync(pod, "relabelled", "default");
        });

        Assert.Equal("web", updated.Metadata.Labels["tier"]);
        Assert.Contains(updated.Spec.Tolerations, t => t.Key == "dedicated");
    }

    [Fact]
    public async Task PatchThatDropsTheDefaultTolerations_IsForbidden()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("tolerations-replaced"), "default");
        await RunningAsync("tolerations-replaced");

        await StatusAssert.FailsAsync(() => _client.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            "{\"spec\":{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]}}",
            V1Patch.PatchType.StrategicMergePatch), "tolerations-replaced", "default"), 422, "Invalid",
            "Pod \"tolerations-replaced\" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
    }

    [Fact]
    public async Task ImageChange_RestartsThatContainerWithEvents()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("new-image"), "default");
        var before = (await RunningAsync("new-image")).Status.ContainerStatuses.Single();

        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            "{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}", V1Patch.PatchType.StrategicMergePatch), "new-image", "default");

        var after = (await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync("new-image", "default"),
            p => p.Status.ContainerStatuses.Single().RestartCount == 1)).Status.ContainerStatuses.Single();
        Assert.Equal("docker.io/library/nginx:1.28", after.Image);
        Assert.NotEqual(before.ContainerID, after.ContainerID);
        Assert.NotNull(after.State.Running);
        Assert.Equal((0, "Completed", before.ContainerID), (after.LastState.Terminated.ExitCode, after.LastState.Terminated.Reason, after.LastState.Terminated.ContainerID));
        var events = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=new-image"),
            l => l.Items.Any(e => e.Reason == "Killing"));
        Assert.Contains(events.Items, e => e.Reason == "Killing" && e.Message == "Container web definition changed, will be restarted");
    }
}
