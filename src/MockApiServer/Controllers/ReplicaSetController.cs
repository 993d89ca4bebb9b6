using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// The ReplicaSet controller (k/k pkg/controller/replicaset): keeps spec.replicas active pods
/// that the selector matches and the ReplicaSet controls, adopting orphans and releasing pods it
/// no longer selects; creates from the template with generateName "{name}-" in slow-start
/// batches, deletes in ActivePodsWithRanks order, and reports replicas, fully labeled, ready and
/// available (ready for minReadySeconds) counts. The snapshot reflects every write it awaited,
/// so it needs no expectations: a sync never sees too few pods because of its own creates.
/// </summary>
public sealed class ReplicaSetController(ResourceStore store, EventRecorder events, TimeProvider time, ILogger<ReplicaSetController> logger) : BackgroundService
{
    public const string Component = "replicaset-controller";

    /// <summary>burstReplicas: the most pods one sync creates or deletes.</summary>
    public const int BurstReplicas = 500;

    private readonly WorkQueue _queue = new(time);

    private ResourceDefinition ReplicaSets => store.Registry.Get("apps", "replicasets");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, ReplicaSets).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, Pods).RunAsync(OnPodChange, ct),
        Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct))));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add($"{obj.Namespace}/{obj.Name}");
    }

    /// <summary>A pod's controller (before and after) is synced; an orphan wakes the ReplicaSets that may adopt it.</summary>
    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        var before = ControllerRefs.ControllerKey(previous, ReplicaSets);
        var after = ControllerRefs.ControllerKey(current, ReplicaSets);
        if (before is not null) _queue.Add(before);
        if (after is not null && after != before) _queue.Add(after);
        if (current is not null && after is null && ControllerRefs.ControllerOf(current.Object) is null && current.Object.Metadata.Labels is { Count: > 0 } labels)
        {
            foreach (var rs in store.Snapshot.List(ReplicaSets, current.Namespace))
                if (((V1ReplicaSet)rs.Object).Spec?.Selector is { } s && LabelSelector.FromLabelSelector(s).Matches(labels)) Enqueue(rs);
        }
    }

    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = ControllerRefs.SplitKey(key);
        if (store.Snapshot.Get(ReplicaSets, ns, name)?.Object is not V1ReplicaSet rs) return;
        var selector = rs.Spec?.Selector is { } s ? LabelSelector.FromLabelSelector(s) : null;
        if (selector is null || selector.IsEmpty) return;
        var pods = await ControllerRefs.ClaimAsync<V1Pod>(store, Pods, ReplicaSets, rs, selector, rs.Spec!.Selector.MatchLabels).ConfigureAwait(false);
        var active = pods.Where(ReplicaSetPods.IsActive).ToList();
        if (rs.Metadata.DeletionTimestamp is null) await ManageReplicasAsync(rs, active, ct).ConfigureAwait(false);
        await UpdateStatusAsync(key, ns, name).ConfigureAwait(false);
    }

    private async Task ManageReplicasAsync(V1ReplicaSet rs, List<V1Pod> active, CancellationToken ct)
    {
        var diff = active.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var created = await SlowStartCreateAsync(rs, Math.Min(-diff, BurstReplicas), ct).ConfigureAwait(false);
            if (created < Math.Min(-diff, BurstReplicas)) throw new InvalidOperationException($"created {created} of {-diff} pods for ReplicaSet {rs.Metadata.NamespaceProperty}/{rs.Metadata.Name}");
        }
        else if (diff > 0)
        {
            foreach (var pod in ReplicaSetPods.ToDelete(active, Math.Min(diff, BurstReplicas)))
            {
                try
                {
                    await store.DeleteAsync(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
                    await events.RecordAsync(rs, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}", Component).ConfigureAwait(false);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                }
            }
        }
    }

    /// <summary>slowStartBatch: batches of 1, 2, 4, … pods, stopping at the first batch with a failure.</summary>
    private async Task<int> SlowStartCreateAsync(V1ReplicaSet rs, int count, CancellationToken ct)
    {
        var done = 0;
        for (var batch = 1; done < count; batch *= 2)
        {
            var size = Math.Min(batch, count - done);
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(_ => CreatePodAsync(rs))).ConfigureAwait(false);
            done += results.Count(ok => ok);
            if (results.Any(ok => !ok) || ct.IsCancellationRequested) break;
        }
        return done;
    }

    private async Task<bool> CreatePodAsync(V1ReplicaSet rs)
    {
        var pod = NewPod(rs, ReplicaSets);
        try
        {
            var created = await store.CreateAsync(Pods, rs.Metadata.NamespaceProperty, pod, WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);
            await events.RecordAsync(rs, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Name}", Component).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e)
        {
            // A terminating namespace refuses new pods; nothing to report or retry then.
            if (e.Code == 403 && e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true) return true;
            await events.RecordAsync(rs, EventRecorder.Warning, "FailedCreate", $"Error creating: {e.Message}", Component).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>GetPodFromTemplate: the template's labels, annotations, finalizers and spec, generateName "{owner}-", the owner as controller.</summary>
    public static V1Pod NewPod(V1ReplicaSet rs, ResourceDefinition replicaSets)
    {
        var template = KubeJson.Clone(rs.Spec.Template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = rs.Metadata.Name + "-",
                NamespaceProperty = rs.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels,
                Annotations = template.Metadata?.Annotations,
                Finalizers = template.Metadata?.Finalizers,
                OwnerReferences = [ControllerRefs.NewControllerRef(rs, replicaSets)],
            },
            Spec = template.Spec,
        };
    }

    /// <summary>calculateStatus over the pods the sync left, written only when it differs; a pod still short of minReadySeconds requeues the key.</summary>
    private async Task UpdateStatusAsync(string key, string ns, string name)
    {
        if (store.Snapshot.Get(ReplicaSets, ns, name) is not { } stored) return;
        var rs = (V1ReplicaSet)stored.Object;
        var now = KubeTime.UtcNow(time);
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var templateLabels = LabelSelector.FromMap(rs.Spec.Template?.Metadata?.Labels);
        var active = store.Snapshot.ByIndex(Pods, ObjectIndex.OwnersName, ns, rs.Metadata.Uid)
            .Select(p => (V1Pod)p.Object)
            .Where(p => ControllerRefs.ControllerOf(p)?.Uid == rs.Metadata.Uid && ReplicaSetPods.IsActive(p))
            .ToList();
        var status = new V1ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = DeploymentRollout.OmitZero(active.Count(p => templateLabels.Matches(p.Metadata.Labels))),
            ReadyReplicas = DeploymentRollout.OmitZero(active.Count(ReplicaSetPods.IsReady)),
            AvailableReplicas = DeploymentRollout.OmitZero(active.Count(p => ReplicaSetPods.IsAvailable(p, minReady, now))),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions,
        };
        if (ReplicaSetPods.NextAvailable(active, minReady, now) is { } next) _queue.AddAfter(key, next - now);
        if (KubeJson.Serialize(status) == KubeJson.Serialize(rs.Status ?? new V1ReplicaSetStatus())) return;
        var updated = stored.CloneAs<V1ReplicaSet>();
        updated.Status = status;
        try
        {
            await store.UpdateAsync(ReplicaSets, ns, name, updated, WriteOptions.Manager(ControllerRefs.Manager), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
