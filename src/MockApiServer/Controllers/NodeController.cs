using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Resources.Pods;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// The node side of the simulated kubelets plus the node IPAM and pod GC controllers' parts we
/// need: a node without a podCIDR or InternalIP gets the next free one; a node without status gets
/// the kubelet's (<see cref="NodeTemplate"/>); the Ready heartbeat is refreshed every
/// <see cref="ClusterOptions.NodeHeartbeatInterval"/>, and so is the node's Lease in
/// kube-node-lease (the kubelet's cheap heartbeat: holder the node, 40 s duration, owned by the Node
/// so the garbage collector removes it with the node); a deleted node's pods are deleted.
/// Ownership rule: the kubelet refreshes lastHeartbeatTime only of conditions it wrote itself
/// (Ready=True with reason KubeletReady, the pressure conditions False with their Kubelet* reason).
/// A condition a client wrote (any other status or reason, e.g. Ready=False via a status patch)
/// is left exactly as written; the kubelet never flips it back.
/// </summary>
public sealed class NodeController(ResourceStore store, ClusterOptions cluster, VersionOptions version, TimeProvider time, RandomSource random, ILogger<NodeController> logger) : BackgroundService
{
    private readonly WorkQueue _queue = new(time);
    private ClusterOptions Options => cluster;
    private ResourceDefinition Nodes => store.Registry.Get("", "nodes");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Leases => store.Registry.Get("coordination.k8s.io", "leases");

    /// <summary>The namespace of the node heartbeat Leases, and their duration (the kubelet's nodeLeaseDurationSeconds).</summary>
    public const string LeaseNamespace = "kube-node-lease";
    public const int LeaseDurationSeconds = 40;

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Nodes).RunAsync(OnNodeChange, ct),
        HeartbeatAsync(ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    private void OnNodeChange(StoredObject? previous, StoredObject? current)
    {
        if (current is not null) _queue.Add(current.Name);
        else if (previous is not null) _queue.Add(previous.Name);
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.NodeHeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                foreach (var node in store.Snapshot.List(Nodes, null)) _queue.Add(node.Name);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task SyncAsync(string name, CancellationToken ct)
    {
        if (store.TryGet(Nodes, "", name)?.Object is not V1Node node)
        {
            await DeletePodsOfAsync(name).ConfigureAwait(false);
            await DeleteLeaseOfAsync(name).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrEmpty(node.Spec?.PodCIDR))
        {
            var k = FreeIndex(n => n.Spec?.PodCIDR, Options.NodePodCidr);
            await store.GuaranteedUpdateAsync(Nodes, "", name, current =>
            {
                var n = (V1Node)current;
                n.Spec ??= new V1NodeSpec();
                if (string.IsNullOrEmpty(n.Spec.PodCIDR)) (n.Spec.PodCIDR, n.Spec.PodCIDRs) = (Options.NodePodCidr(k), [Options.NodePodCidr(k)]);
                return n;
            }, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
            return;
        }
        var now = KubeTime.UtcNow(time);
        if (NeedsStatus(node))
        {
            var k = NodeTemplate.InternalIp(node) is null ? FreeIndex(NodeTemplate.InternalIp, Options.NodeAddress) : 0;
            await UpdateStatusAsync(name, n =>
            {
                if (NodeTemplate.InternalIp(n) is null) (n.Status ??= new V1NodeStatus()).Addresses = [new V1NodeAddress { Type = "InternalIP", Address = Options.NodeAddress(k) }, .. n.Status.Addresses ?? []];
                NodeTemplate.FillStatus(n, version.KubernetesVersion, now, random);
            }).ConfigureAwait(false);
            return;
        }
        var ready = node.Status!.Conditions!.First(c => c.Type == "Ready");
        if (NodeTemplate.OwnsReady(ready) && now - (ready.LastHeartbeatTime ?? DateTime.MinValue) >= Options.NodeHeartbeatInterval - TimeSpan.FromSeconds(1))
            await UpdateStatusAsync(name, n =>
            {
                foreach (var c in n.Status.Conditions.Where(OwnedByKubelet)) c.LastHeartbeatTime = now;
            }).ConfigureAwait(false);
        await RenewLeaseAsync(node).ConfigureAwait(false);
    }

    /// <summary>Creates the node's Lease, or renews it once a heartbeat interval has passed since the last renewal.</summary>
    private async Task RenewLeaseAsync(V1Node node)
    {
        var name = node.Metadata.Name;
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            if (store.TryGet(Leases, LeaseNamespace, name)?.Object is V1Lease lease)
            {
                if (now - (lease.Spec?.RenewTime ?? DateTime.MinValue) < Options.NodeHeartbeatInterval - TimeSpan.FromSeconds(1)) return;
                await store.GuaranteedUpdateAsync(Leases, LeaseNamespace, name, current =>
                {
                    var l = (V1Lease)current;
                    l.Spec ??= new V1LeaseSpec();
                    (l.Spec.HolderIdentity, l.Spec.LeaseDurationSeconds, l.Spec.RenewTime) = (name, LeaseDurationSeconds, now);
                    return l;
                }, WriteOptions.Manager("kubelet")).ConfigureAwait(false);
                return;
            }
            await store.CreateAsync(Leases, LeaseNamespace, new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = name, Uid = node.Metadata.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = LeaseDurationSeconds, RenewTime = now },
            }, WriteOptions.Manager("kubelet")).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409 or 403)
        {
            // The node or the namespace went meanwhile, or another writer got there first: the next heartbeat sees it.
        }
    }

    private static bool NeedsStatus(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready") != true || node.Status.NodeInfo is null || NodeTemplate.InternalIp(node) is null;

    private static bool OwnedByKubelet(V1NodeCondition c) => c.Type switch
    {
        "Ready" => NodeTemplate.OwnsReady(c),
        "MemoryPressure" => c is { Status: "False", Reason: "KubeletHasSufficientMemory" },
        "DiskPressure" => c is { Status: "False", Reason: "KubeletHasNoDiskPressure" },
        "PIDPressure" => c is { Status: "False", Reason: "KubeletHasSufficientPID" },
        _ => false,
    };

    /// <summary>The smallest k ≥ 1 whose value (address or CIDR) no node uses.</summary>
    private int FreeIndex(Func<V1Node, string?> used, Func<int, string> valueOf)
    {
        var taken = store.Snapshot.List(Nodes, null).Select(n => used((V1Node)n.Object)).Where(v => v is not null).ToHashSet(StringComparer.Ordinal);
        var k = 1;
        while (k < Options.MaxNodes && taken.Contains(valueOf(k))) k++;
        return k;
    }

    private async Task UpdateStatusAsync(string name, Action<V1Node> mutate)
    {
        try
        {
            await store.GuaranteedUpdateAsync(Nodes, "", name, current =>
            {
                mutate((V1Node)current);
                return current;
            }, WriteOptions.Manager("kube-controller-manager"), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    /// <summary>
    /// The garbage collector's part for the node's Lease (a namespaced dependent of a cluster-scoped
    /// owner, which our collector does not follow yet): it goes with the node.
    /// </summary>
    private async Task DeleteLeaseOfAsync(string node)
    {
        if (store.TryGet(Leases, LeaseNamespace, node) is not { } lease) return;
        try
        {
            await store.DeleteAsync(Leases, LeaseNamespace, node, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = lease.Object.Metadata.Uid } }, dryRun: false)
                .ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>The pod GC controller: pods bound to a node that no longer exists are deleted at once.</summary>
    private async Task DeletePodsOfAsync(string node)
    {
        var orphans = store.Snapshot.ByIndex(Pods, PodIndexes.NodeName.Name, "", node);
        foreach (var pod in orphans)
        {
            try
            {
                await store.DeleteAsync(Pods, pod.Namespace, pod.Name,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Object.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
            }
        }
    }
}
