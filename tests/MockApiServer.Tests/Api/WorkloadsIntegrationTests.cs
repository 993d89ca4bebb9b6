using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>Deployments, ReplicaSets and the garbage collector running in the full simulated cluster, through the official client.</summary>
public sealed class WorkloadsIntegrationTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private IKubernetes Client => factory.Client;

    private async Task<string> DeployAsync(string name = "web", int replicas = 3)
    {
        var ns = (await Cluster.CreateAsync(Client)).Namespace;
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment(name, replicas), ns);
        await AvailableAsync(ns, name, replicas);
        return ns;
    }

    private Task<V1Deployment> AvailableAsync(string ns, string name, int replicas) => Poll.UntilAsync(
        () => Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns),
        d => d.Status?.ObservedGeneration >= d.Metadata.Generation && (d.Status.AvailableReplicas ?? 0) == replicas && (d.Status.UpdatedReplicas ?? 0) == replicas
            && (d.Status.Replicas ?? 0) == replicas && d.Status.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true);

    private async Task<IList<V1Pod>> PodsAsync(string ns) => (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items;

    [Fact]
    public async Task CreateDeployment_BecomesAvailableWithReadyPodsOwnedByItsReplicaSet()
    {
        var ns = await DeployAsync();

        var rs = Assert.Single((await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
        var pods = await PodsAsync(ns);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith(rs.Metadata.Name + "-", p.Metadata.Name);
            Assert.Equal(rs.Metadata.Uid, p.Metadata.OwnerReferences.Single().Uid);
            Assert.Equal("True", p.Status.Conditions.Single(c => c.Type == "Ready").Status);
        });
        var d = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal("NewReplicaSetAvailable", d.Status.Conditions.Single(c => c.Type == "Progressing").Reason);
    }

    [Fact]
    public async Task ScaleSubresource_ReadsAndWritesReplicas()
    {
        var ns = await DeployAsync(replicas: 2);

        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal((2, 2, "app=web"), (scale.Spec.Replicas, scale.Status.Replicas, scale.Status.Selector));
        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", ns);

        await AvailableAsync(ns, "web", 4);
        Assert.Equal(4, (await PodsAsync(ns)).Count);
    }

    [Fact]
    public async Task ScaleSubresource_NegativeReplicas_IsInvalid()
    {
        var ns = await DeployAsync(replicas: 1);
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        scale.Spec.Replicas = -1;

        await StatusAssert.FailsAsync(() => Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns), 422, "Invalid",
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }

    [Fact]
    public async Task DeletedPod_IsReplaced()
    {
        var ns = await DeployAsync();
        var victim = (await PodsAsync(ns))[0];

        await Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, ns, gracePeriodSeconds: 0);

        var pods = await Poll.UntilAsync(() => PodsAsync(ns), p => p.Count(x => x.Metadata.DeletionTimestamp is null && x.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) == 3 && p.All(x => x.Metadata.Name != victim.Metadata.Name));
        Assert.Equal(3, pods.Count);
    }

    [Fact]
    public async Task SelectorNotMatchingTemplate_IsRefusedWithUpstreamsMessage()
    {
        var ns = (await Cluster.CreateAsync(Client)).Namespace;
        var d = Workloads.Deployment("web");
        d.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };

        await StatusAssert.FailsAsync(() => Client.AppsV1.CreateNamespacedDeploymentAsync(d, ns), 422, "Invalid",
            "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public async Task Selector_IsImmutable()
    {
        var ns = await DeployAsync(replicas: 1);
        var d = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        d.Spec.Selector.MatchLabels["tier"] = "x";
        d.Spec.Template.Metadata.Labels["tier"] = "x";

        var status = await StatusAssert.FailsAsync(() => Client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", ns), 422, "Invalid");
        Assert.Contains("spec.selector: Invalid value: &v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", status.Message);
    }

    [Fact]
    public async Task DeleteInBackground_RemovesReplicaSetsAndPods()
    {
        var ns = await DeployAsync();

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Background");

        await Poll.UntilAsync(async () => (await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items.Count + (await PodsAsync(ns)).Count, n => n == 0);
    }

    [Fact]
    public async Task DeleteWithOrphan_LeavesReplicaSetAndPodsWithoutTheOwnerReference()
    {
        var ns = await DeployAsync();

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Orphan");

        await Poll.UntilAsync(async () => (await Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count, n => n == 0);
        var rs = await Poll.UntilAsync(async () => (await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items.Single(), r => r.Metadata.OwnerReferences is null);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal(3, (await PodsAsync(ns)).Count(p => p.Metadata.DeletionTimestamp is null));
    }

    [Fact]
    public async Task DeleteInForeground_KeepsTheDeploymentUntilItsReplicaSetIsGone()
    {
        var ns = await DeployAsync(replicas: 2);

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Foreground");

        await Poll.UntilAsync(async () => (await Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count, n => n == 0);
        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
    }
}
