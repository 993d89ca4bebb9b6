using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>
/// Each test works on its own node (created through the API) and pins its pods there with a
/// label unique to the test, so the seeded nodes and the other tests stay out of the way.
/// </summary>
public sealed class SchedulerControllerTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Node> NodeAsync(string name, Action<V1Node>? configure = null)
    {
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = Objects.Labels(("pool", name)) }, Spec = new V1NodeSpec() };
        configure?.Invoke(node);
        await _client.CoreV1.CreateNodeAsync(node);
        return await Poll.UntilAsync(() => _client.CoreV1.ReadNodeAsync(name), n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
    }

    private static V1Pod PodFor(string name, string pool)
    {
        var pod = Objects.RunningPod(name);
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = pool };
        return pod;
    }

    private Task<V1Pod> UnschedulableAsync(string name) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"),
            p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true);

    private Task<V1Pod> ScheduledAsync(string name) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), p => !string.IsNullOrEmpty(p.Spec.NodeName));

    [Fact]
    public async Task NodeSelectorMatchingNoNode_IsUnschedulableWithAnEvent_ThenScheduledOnceANodeFits()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(PodFor("picky", "gpu"), "default");

        var pending = await UnschedulableAsync("picky");

        var condition = pending.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal("False", condition.Status);
        Assert.Matches(@"^0/(\d+) nodes are available: .*\d+ node\(s\) didn't match Pod's node affinity/selector.*\. preemption: 0/\1 nodes are available: \1 Preemption is not helpful for scheduling\.$", condition.Message);
        var events = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=picky"), l => l.Items.Count > 0);
        var failed = events.Items.First(e => e.Reason == "FailedScheduling");
        Assert.Equal(("Warning", "default-scheduler", condition.Message), (failed.Type, failed.Source.Component, failed.Message));

        await NodeAsync("gpu");

        var scheduled = await ScheduledAsync("picky");
        Assert.Equal("gpu", scheduled.Spec.NodeName);
    }

    [Fact]
    public async Task TaintedNode_IsSkippedUntilTheTaintGoes_AndATolerationAllowsIt()
    {
        await NodeAsync("tainted", n => n.Spec.Taints = [new V1Taint { Key = "dedicated", Value = "infra", Effect = "NoSchedule" }]);
        await _client.CoreV1.CreateNamespacedPodAsync(PodFor("intolerant", "tainted"), "default");
        var tolerant = PodFor("tolerant", "tainted");
        tolerant.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "infra", Effect = "NoSchedule" }];
        await _client.CoreV1.CreateNamespacedPodAsync(tolerant, "default");

        var pending = await UnschedulableAsync("intolerant");
        Assert.Contains("1 node(s) had untolerated taint {dedicated: infra}", pending.Status.Conditions.Single(c => c.Type == "PodScheduled").Message);
        Assert.Equal("tainted", (await ScheduledAsync("tolerant")).Spec.NodeName);

        await _client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"taints\":null}}", V1Patch.PatchType.MergePatch), "tainted");

        Assert.Equal("tainted", (await ScheduledAsync("intolerant")).Spec.NodeName);
    }

    [Fact]
    public async Task CordonedNode_IsUnschedulable_UntilUncordoned()
    {
        await NodeAsync("cordoned");
        await _client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.StrategicMergePatch), "cordoned");
        await _client.CoreV1.CreateNamespacedPodAsync(PodFor("waits", "cordoned"), "default");

        var pending = await UnschedulableAsync("waits");
        Assert.Contains("1 node(s) were unschedulable", pending.Status.Conditions.Single(c => c.Type == "PodScheduled").Message);

        await _client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"unschedulable\":null}}", V1Patch.PatchType.StrategicMergePatch), "cordoned");

        Assert.Equal("cordoned", (await ScheduledAsync("waits")).Spec.NodeName);
    }

    [Fact]
    public async Task NotReadyNode_SetThroughStatus_StaysNotReady_AndGetsNoPods()
    {
        var node = await NodeAsync("sick");
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        ready.Status = "False";
        ready.Reason = "KubeletNotReady";
        await _client.CoreV1.ReplaceNodeStatusAsync(node, "sick");
        await _client.CoreV1.CreateNamespacedPodAsync(PodFor("avoids-sick", "sick"), "default");

        var pending = await UnschedulableAsync("avoids-sick");

        Assert.Contains("1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }", pending.Status.Conditions.Single(c => c.Type == "PodScheduled").Message);
        Assert.Equal("False", (await _client.CoreV1.ReadNodeAsync("sick")).Status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public async Task OtherSchedulerName_IsLeftAlone()
    {
        var pod = Objects.RunningPod("custom");
        pod.Spec.SchedulerName = "my-scheduler";
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod("marker"), "default");

        await ScheduledAsync("marker");
        var custom = await _client.CoreV1.ReadNamespacedPodAsync("custom", "default");

        Assert.Null(custom.Spec.NodeName);
        Assert.Null(custom.Status.Conditions);
    }

    [Fact]
    public async Task SeededNodes_LookLikeKindWorkers()
    {
        var node = await _client.CoreV1.ReadNodeAsync("node-2");

        Assert.Equal("10.244.2.0/24", node.Spec.PodCIDR);
        Assert.Equal(["10.244.2.0/24"], node.Spec.PodCIDRs);
        Assert.Equal("172.18.0.3", node.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
        Assert.Equal("node-2", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("v1.32.0", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal("110", node.Status.Allocatable["pods"].ToString());
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (ready.Status, ready.Reason, ready.Message));
    }
}
