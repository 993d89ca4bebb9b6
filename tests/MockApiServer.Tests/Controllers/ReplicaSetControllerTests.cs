using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

public sealed class ReplicaSetControllerTests(WorkloadServerFactory factory) : IClassFixture<WorkloadServerFactory>
{
    private async Task<(Cluster Cluster, ReplicaSetController Controller)> ReplicaSetAsync(V1ReplicaSet rs, TimeProvider? time = null)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await factory.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, cluster.Namespace);
        return (cluster, factory.NewReplicaSetController(time));
    }

    private static Task SyncAsync(ReplicaSetController controller, Cluster cluster, string name) =>
        controller.SyncAsync($"{cluster.Namespace}/{name}", CancellationToken.None);

    private static async Task<IList<V1Pod>> PodsAsync(Cluster cluster, string app) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: $"app={app}")).Items;

    [Fact]
    public async Task Sync_NewReplicaSet_CreatesItsPodsFromTheTemplateWithGenerateNameAndControllerRef()
    {
        var (cluster, controller) = await ReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 3));

        await SyncAsync(controller, cluster, "web");

        var pods = await PodsAsync(cluster, "web");
        Assert.Equal(3, pods.Count);
        var rs = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", cluster.Namespace);
        Assert.All(pods, p =>
        {
            Assert.Equal("web-", p.Metadata.GenerateName);
            Assert.Matches("^web-[a-z0-9]{5}$", p.Metadata.Name);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", rs.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            Assert.Equal("nginx", p.Spec.Containers[0].Image);
        });
        Assert.Equal(3, rs.Status.Replicas);
        Assert.Null(rs.Status.ReadyReplicas);
        Assert.Equal(1, rs.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Sync_InSteadyState_WritesNothing()
    {
        var (cluster, controller) = await ReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 2));
        await SyncAsync(controller, cluster, "web");
        await factory.EventsAsync(cluster.Namespace, 2);
        var before = factory.Revision;

        await SyncAsync(controller, cluster, "web");
        await SyncAsync(controller, cluster, "web");

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_ScaleDown_DeletesNotReadyPodsBeforeReadyOnes()
    {
        var (cluster, controller) = await ReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 3));
        await SyncAsync(controller, cluster, "web");
        var pods = await PodsAsync(cluster, "web");
        var keep = pods[1];
        await cluster.SetStatusAsync(pods[0], "10.244.1.50", ready: false);
        await cluster.SetStatusAsync(keep, "10.244.1.51", ready: true);
        await cluster.SetStatusAsync(pods[2], "10.244.1.52", ready: false);
        await Conflicts.RetryAsync(async () =>
        {
            var rs = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", cluster.Namespace);
            rs.Spec.Replicas = 1;
            return await cluster.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(rs, "web", cluster.Namespace);
        });

        await SyncAsync(controller, cluster, "web");

        var left = Assert.Single(await PodsAsync(cluster, "web"));
        Assert.Equal(keep.Metadata.Name, left.Metadata.Name);
    }

    [Fact]
    public async Task Sync_MatchingOrphan_IsAdoptedInsteadOfCreatingAPod()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        var orphan = await cluster.PodAsync("orphan", Cluster.App("web"));
        await factory.Client.AppsV1.CreateNamespacedReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 1), cluster.Namespace);
        var controller = factory.NewReplicaSetController();

        await SyncAsync(controller, cluster, "web");

        var pod = Assert.Single(await PodsAsync(cluster, "web"));
        Assert.Equal("orphan", pod.Metadata.Name);
        Assert.Equal("web", Assert.Single(pod.Metadata.OwnerReferences).Name);
        Assert.NotEqual(orphan.Metadata.ResourceVersion, pod.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Sync_PodWhoseLabelsStopMatching_IsReleasedAndReplaced()
    {
        var (cluster, controller) = await ReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 1));
        await SyncAsync(controller, cluster, "web");
        var pod = Assert.Single(await PodsAsync(cluster, "web"));
        pod.Metadata.Labels = Cluster.App("debug");
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, pod.Metadata.Name, cluster.Namespace);

        await SyncAsync(controller, cluster, "web");

        var released = await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, cluster.Namespace);
        Assert.Null(released.Metadata.OwnerReferences);
        var replacement = Assert.Single(await PodsAsync(cluster, "web"));
        Assert.NotEqual(pod.Metadata.Name, replacement.Metadata.Name);
    }

    [Fact]
    public async Task Sync_ReadyPod_CountsAsAvailableOnlyAfterMinReadySeconds()
    {
        var clock = WorkloadServerFactory.NewClock();
        var (cluster, controller) = await ReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 1, minReadySeconds: 10), clock);
        await SyncAsync(controller, cluster, "web");
        var pod = Assert.Single(await PodsAsync(cluster, "web"));
        await cluster.SetStatusAsync(pod, "10.244.1.60", ready: true);
        clock.SetUtcNow(DateTimeOffset.UtcNow);

        await SyncAsync(controller, cluster, "web");
        var rs = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", cluster.Namespace);
        Assert.Equal((1, (int?)null), (rs.Status.ReadyReplicas ?? 0, rs.Status.AvailableReplicas));

        clock.Advance(TimeSpan.FromSeconds(11));
        await SyncAsync(controller, cluster, "web");
        rs = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", cluster.Namespace);
        Assert.Equal(1, rs.Status.AvailableReplicas);
    }
}
