using k8s;
using k8s.Models;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The StatefulSet controller's sync alone: the tests make pods Running and Ready themselves.</summary>
public sealed class StatefulSetControllerTests(WorkloadServerFactory factory) : IClassFixture<WorkloadServerFactory>
{
    private readonly StatefulSetController _controller = factory.NewStatefulSetController();

    private async Task<Cluster> StatefulSetAsync(V1StatefulSet sts)
    {
        var cluster = await Cluster.CreateAsync(factory.Client);
        await factory.Client.AppsV1.CreateNamespacedStatefulSetAsync(sts, cluster.Namespace);
        return cluster;
    }

    private Task SyncAsync(Cluster cluster) => _controller.SyncAsync($"{cluster.Namespace}/web", CancellationToken.None);

    private static async Task<List<string>> PodNamesAsync(Cluster cluster) =>
        [.. (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace)).Items.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name).Order()];

    private async Task ReadyAsync(Cluster cluster, string pod, int ip) =>
        await cluster.SetStatusAsync(await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod, cluster.Namespace), $"10.244.1.{ip}", ready: true);

    [Fact]
    public async Task OrderedReady_CreatesTheNextPodOnlyWhenThePreviousIsReady()
    {
        var cluster = await StatefulSetAsync(Workloads.StatefulSet("web", replicas: 2));

        await SyncAsync(cluster);
        await SyncAsync(cluster);
        Assert.Equal(["web-0"], await PodNamesAsync(cluster));

        await ReadyAsync(cluster, "web-0", 20);
        await SyncAsync(cluster);
        Assert.Equal(["web-0", "web-1"], await PodNamesAsync(cluster));
    }

    [Fact]
    public async Task Pods_HaveAStableHostnameTheServiceAsSubdomainAndTheIdentityLabels()
    {
        var cluster = await StatefulSetAsync(Workloads.StatefulSet("web", replicas: 1));

        await SyncAsync(cluster);

        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-0", cluster.Namespace);
        Assert.Equal(("web-0", "nginx"), (pod.Spec.Hostname, pod.Spec.Subdomain));
        Assert.Equal("web-0", pod.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
        Assert.Equal("0", pod.Metadata.Labels["apps.kubernetes.io/pod-index"]);
        var sts = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", cluster.Namespace);
        Assert.Equal(sts.Status.UpdateRevision, pod.Metadata.Labels["controller-revision-hash"]);
        Assert.StartsWith("web-", sts.Status.UpdateRevision);
    }

    [Fact]
    public async Task Parallel_CreatesAllAtOnce_AndASteadyStateWritesNothing()
    {
        var cluster = await StatefulSetAsync(Workloads.StatefulSet("web", replicas: 3, policy: "Parallel"));

        await SyncAsync(cluster);
        Assert.Equal(["web-0", "web-1", "web-2"], await PodNamesAsync(cluster));
        await factory.EventsAsync(cluster.Namespace, 3);
        var before = factory.Revision;

        await SyncAsync(cluster);
        Assert.Equal(before, factory.Revision);
    }

    [Fact]
    public async Task ScaleDown_RemovesTheHighestOrdinalFirst()
    {
        var cluster = await StatefulSetAsync(Workloads.StatefulSet("web", replicas: 3, policy: "Parallel"));
        await SyncAsync(cluster);
        await Conflicts.RetryAsync(async () =>
        {
            var sts = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", cluster.Namespace);
            sts.Spec.Replicas = 2;
            return await cluster.Client.AppsV1.ReplaceNamespacedStatefulSetAsync(sts, "web", cluster.Namespace);
        });

        await SyncAsync(cluster);

        Assert.Equal(["web-0", "web-1"], await PodNamesAsync(cluster));
    }

    [Fact]
    public async Task Update_ChangingTheServiceName_IsForbidden()
    {
        var cluster = await StatefulSetAsync(Workloads.StatefulSet("web", replicas: 1));
        var sts = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", cluster.Namespace);
        sts.Spec.ServiceName = "other";

        var status = await StatusAssert.FailsAsync(() => cluster.Client.AppsV1.ReplaceNamespacedStatefulSetAsync(sts, "web", cluster.Namespace), 422, "Invalid");
        Assert.Contains("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden", status.Message);
    }
}
