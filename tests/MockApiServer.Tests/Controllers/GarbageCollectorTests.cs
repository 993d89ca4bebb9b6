using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The garbage collector's syncs called directly: no controller runs, so every write is the collector's.</summary>
public sealed class GarbageCollectorTests(WorkloadServerFactory factory) : IClassFixture<WorkloadServerFactory>
{
    private readonly GarbageCollector _gc = factory.NewGarbageCollector();

    private ResourceDefinition Pods => factory.Store.Registry.Get("", "pods");
    private ResourceDefinition ReplicaSets => factory.Store.Registry.Get("apps", "replicasets");

    /// <summary>A ReplicaSet and one unscheduled pod it controls, both made by hand.</summary>
    private async Task<(Cluster Cluster, V1ReplicaSet Owner, V1Pod Pod)> OwnedPodAsync()
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        var rs = await factory.Client.AppsV1.CreateNamespacedReplicaSetAsync(Workloads.ReplicaSet("web", replicas: 1), cluster.Namespace);
        var pod = Objects.Pod("web-1", Cluster.App("web"));
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = rs.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }];
        pod = await factory.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);
        return (cluster, rs, pod);
    }

    private async Task<V1Pod?> TryPodAsync(Cluster cluster)
    {
        var list = await factory.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, fieldSelector: "metadata.name=web-1");
        return list.Items.SingleOrDefault();
    }

    private async Task<V1ReplicaSet?> TryOwnerAsync(Cluster cluster) =>
        (await factory.Client.AppsV1.ListNamespacedReplicaSetAsync(cluster.Namespace)).Items.SingleOrDefault();

    [Fact]
    public async Task Item_WithItsOwnerPresent_WritesNothing()
    {
        var (cluster, _, _) = await OwnedPodAsync();
        var before = factory.Revision;

        await _gc.SyncAsync(GarbageCollector.ItemKey(Pods, cluster.Namespace, "web-1"), CancellationToken.None);

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Item_WhoseOwnerIsGone_IsDeleted()
    {
        var (cluster, _, _) = await OwnedPodAsync();
        await factory.Client.AppsV1.DeleteNamespacedReplicaSetAsync("web", cluster.Namespace, propagationPolicy: "Background");

        await _gc.SyncAsync(GarbageCollector.ItemKey(Pods, cluster.Namespace, "web-1"), CancellationToken.None);

        Assert.Null(await TryPodAsync(cluster));
    }

    [Fact]
    public async Task Item_WithAnotherLiveOwner_LosesOnlyTheDanglingReference()
    {
        var (cluster, _, _) = await OwnedPodAsync();
        var service = await cluster.ServiceAsync("keeper", null);
        await Conflicts.RetryAsync(async () =>
        {
            var current = await factory.Client.CoreV1.ReadNamespacedPodAsync("web-1", cluster.Namespace);
            current.Metadata.OwnerReferences.Add(new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "keeper", Uid = service.Metadata.Uid });
            return await factory.Client.CoreV1.ReplaceNamespacedPodAsync(current, "web-1", cluster.Namespace);
        });
        await factory.Client.AppsV1.DeleteNamespacedReplicaSetAsync("web", cluster.Namespace);

        await _gc.SyncAsync(GarbageCollector.ItemKey(Pods, cluster.Namespace, "web-1"), CancellationToken.None);

        var kept = await TryPodAsync(cluster);
        Assert.NotNull(kept);
        Assert.Equal("keeper", Assert.Single(kept.Metadata.OwnerReferences).Name);
    }

    [Fact]
    public async Task Owner_DeletedWithOrphan_StripsTheReferenceThenGoes()
    {
        var (cluster, _, _) = await OwnedPodAsync();
        await factory.Client.AppsV1.DeleteNamespacedReplicaSetAsync("web", cluster.Namespace, propagationPolicy: "Orphan");
        var waiting = await TryOwnerAsync(cluster);
        Assert.Equal(["orphan"], waiting!.Metadata.Finalizers);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);

        await _gc.SyncAsync(GarbageCollector.OwnerKey(ReplicaSets, cluster.Namespace, "web"), CancellationToken.None);

        Assert.Null(await TryOwnerAsync(cluster));
        var orphan = await TryPodAsync(cluster);
        Assert.NotNull(orphan);
        Assert.Null(orphan.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task Owner_DeletedInForeground_StaysUntilItsBlockingDependentIsGone()
    {
        var (cluster, _, _) = await OwnedPodAsync();
        await factory.Client.AppsV1.DeleteNamespacedReplicaSetAsync("web", cluster.Namespace, propagationPolicy: "Foreground");

        await _gc.SyncAsync(GarbageCollector.OwnerKey(ReplicaSets, cluster.Namespace, "web"), CancellationToken.None);
        Assert.Equal(["foregroundDeletion"], (await TryOwnerAsync(cluster))!.Metadata.Finalizers);

        await _gc.SyncAsync(GarbageCollector.ItemKey(Pods, cluster.Namespace, "web-1"), CancellationToken.None);
        Assert.Null(await TryPodAsync(cluster));
        await _gc.SyncAsync(GarbageCollector.OwnerKey(ReplicaSets, cluster.Namespace, "web"), CancellationToken.None);

        Assert.Null(await TryOwnerAsync(cluster));
    }
}
