using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The Deployment controller's sync alone: the tests play the ReplicaSet controller by writing ReplicaSet status.</summary>
public sealed class DeploymentControllerTests(WorkloadServerFactory factory) : IClassFixture<WorkloadServerFactory>
{
    private readonly DeploymentController _controller = factory.NewDeploymentController();

    private async Task<Cluster> DeploymentAsync(V1Deployment d)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await factory.Client.AppsV1.CreateNamespacedDeploymentAsync(d, cluster.Namespace);
        return cluster;
    }

    private Task SyncAsync(Cluster cluster, string name = "web") => _controller.SyncAsync($"{cluster.Namespace}/{name}", CancellationToken.None);

    private static async Task<List<V1ReplicaSet>> ReplicaSetsAsync(Cluster cluster) =>
        [.. (await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(cluster.Namespace)).Items.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name)];

    private static Task<V1Deployment> ReadAsync(Cluster cluster, string name = "web") => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, cluster.Namespace);

    /// <summary>What the ReplicaSet controller would report once every pod it was asked for is there and available.</summary>
    private static async Task SettleAsync(Cluster cluster, V1ReplicaSet rs, int? available = null)
    {
        var current = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, cluster.Namespace);
        var replicas = current.Spec.Replicas ?? 0;
        current.Status = new V1ReplicaSetStatus
        {
            Replicas = replicas,
            ReadyReplicas = available ?? replicas,
            AvailableReplicas = available ?? replicas,
            ObservedGeneration = current.Metadata.Generation,
        };
        await cluster.Client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(current, rs.Metadata.Name, cluster.Namespace);
    }

    private static Task SetImageAsync(Cluster cluster, string image) => Conflicts.RetryAsync(async () =>
    {
        var d = await ReadAsync(cluster);
        d.Spec.Template.Spec.Containers[0].Image = image;
        return await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", cluster.Namespace);
    });

    [Fact]
    public async Task Sync_NewDeployment_CreatesAReplicaSetNamedByTheTemplateHashAtRevisionOne()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 3));

        await SyncAsync(cluster);

        var rs = Assert.Single(await ReplicaSetsAsync(cluster));
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        Assert.Equal("1", rs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("4", rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]);
        var d = await ReadAsync(cluster);
        Assert.Equal("1", d.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        var progressing = Assert.Single(d.Status.Conditions, c => c.Type == "Progressing");
        Assert.Equal(("True", "NewReplicaSetCreated", $"Created new replica set \"{rs.Metadata.Name}\""), (progressing.Status, progressing.Reason, progressing.Message));
        var available = Assert.Single(d.Status.Conditions, c => c.Type == "Available");
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (available.Status, available.Reason));
    }

    [Fact]
    public async Task Sync_CompleteRollout_IsReportedAndThenWritesNothing()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 2));
        await SyncAsync(cluster);
        await SettleAsync(cluster, (await ReplicaSetsAsync(cluster))[0]);
        await SyncAsync(cluster);
        var d = await ReadAsync(cluster);
        Assert.Equal((2, 2, 2), (d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas));
        Assert.Equal("NewReplicaSetAvailable", d.Status.Conditions.Single(c => c.Type == "Progressing").Reason);
        Assert.Equal("MinimumReplicasAvailable", d.Status.Conditions.Single(c => c.Type == "Available").Reason);
        await factory.EventsAsync(cluster.Namespace, 1);
        var before = factory.Revision;

        await SyncAsync(cluster);
        await SyncAsync(cluster);

        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task Sync_RollingUpdate_SurgesByMaxSurgeAndScalesOldDownOnlyAsNewPodsBecomeAvailable()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 4));
        await SyncAsync(cluster);
        var old = (await ReplicaSetsAsync(cluster))[0];
        await SettleAsync(cluster, old);
        await SyncAsync(cluster);
        await SetImageAsync(cluster, "nginx:1.27");

        await SyncAsync(cluster);
        var sets = await ReplicaSetsAsync(cluster);
        var updated = sets.Single(rs => rs.Metadata.Name != old.Metadata.Name);
        // maxSurge 25% of 4 = 1, maxUnavailable 25% of 4 = 1: one new pod, one old pod may go at once.
        Assert.Equal((1, 3), (updated.Spec.Replicas, sets.Single(rs => rs.Metadata.Name == old.Metadata.Name).Spec.Replicas));
        Assert.Equal("2", updated.Metadata.Annotations["deployment.kubernetes.io/revision"]);

        await SyncAsync(cluster);
        await SettleAsync(cluster, updated, available: 0);
        await SyncAsync(cluster);
        sets = await ReplicaSetsAsync(cluster);
        Assert.Equal(3, sets.Single(rs => rs.Metadata.Name == old.Metadata.Name).Spec.Replicas);

        await SettleAsync(cluster, updated);
        await SettleAsync(cluster, sets.Single(rs => rs.Metadata.Name == old.Metadata.Name));
        await SyncAsync(cluster);
        sets = await ReplicaSetsAsync(cluster);
        // Five pods, all available, at least three must stay: two old ones go.
        Assert.Equal(1, sets.Single(rs => rs.Metadata.Name == old.Metadata.Name).Spec.Replicas);
    }

    [Fact]
    public async Task Sync_Recreate_ScalesOldToZeroBeforeCreatingTheNewReplicaSet()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 2, configure: d => d.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" }));
        await SyncAsync(cluster);
        var old = (await ReplicaSetsAsync(cluster))[0];
        await SettleAsync(cluster, old);
        await SetImageAsync(cluster, "nginx:1.27");

        await SyncAsync(cluster);
        var only = Assert.Single(await ReplicaSetsAsync(cluster));
        Assert.Equal(0, only.Spec.Replicas);

        await SyncAsync(cluster);
        Assert.Single(await ReplicaSetsAsync(cluster));

        await SettleAsync(cluster, only);
        await SyncAsync(cluster);
        var sets = await ReplicaSetsAsync(cluster);
        Assert.Equal(2, sets.Count);
        Assert.Equal(2, sets.Single(rs => rs.Metadata.Name != old.Metadata.Name).Spec.Replicas);
    }

    [Fact]
    public async Task Sync_Paused_RollsNothingOutAndSaysSo()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 1));
        await SyncAsync(cluster);
        await Conflicts.RetryAsync(async () =>
        {
            var d = await ReadAsync(cluster);
            d.Spec.Paused = true;
            d.Spec.Template.Spec.Containers[0].Image = "nginx:1.27";
            return await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", cluster.Namespace);
        });

        await SyncAsync(cluster);

        Assert.Single(await ReplicaSetsAsync(cluster));
        var progressing = (await ReadAsync(cluster)).Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("Unknown", "DeploymentPaused", "Deployment is paused"), (progressing.Status, progressing.Reason, progressing.Message));
    }

    [Fact]
    public async Task Sync_RevisionHistoryLimit_DeletesTheOldestEmptyReplicaSets()
    {
        var cluster = await DeploymentAsync(Workloads.Deployment("web", replicas: 1, configure: d => d.Spec.RevisionHistoryLimit = 1));
        foreach (var image in new[] { "nginx:1.25", "nginx:1.26", "nginx:1.27" })
        {
            for (var i = 0; i < 4; i++)
            {
                await SyncAsync(cluster);
                foreach (var rs in await ReplicaSetsAsync(cluster)) await SettleAsync(cluster, rs);
            }
            await SetImageAsync(cluster, image);
        }
        for (var i = 0; i < 4; i++)
        {
            await SyncAsync(cluster);
            foreach (var rs in await ReplicaSetsAsync(cluster)) await SettleAsync(cluster, rs);
        }

        var sets = await ReplicaSetsAsync(cluster);
        Assert.Equal(["3", "4"], sets.Select(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order());
    }
}
