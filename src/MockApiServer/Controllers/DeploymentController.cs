using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// The Deployment controller (k/k pkg/controller/deployment): one ReplicaSet per pod template
/// (named by its hash), rolled by RollingUpdate within maxSurge and maxUnavailable as the
/// ReplicaSets report available pods, or by Recreate; proportional scaling, pause, revision
/// annotations, revisionHistoryLimit and the Progressing/Available conditions, written once per
/// sync and only when they change.
/// </summary>
public sealed partial class DeploymentController(ResourceStore store, EventRecorder events, TimeProvider time, ILogger<DeploymentController> logger) : BackgroundService
{
    public const string Component = "deployment-controller";

    private readonly WorkQueue _queue = new(time);

    private ResourceDefinition Deployments => store.Registry.Get("apps", "deployments");
    private ResourceDefinition ReplicaSets => store.Registry.Get("apps", "replicasets");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Deployments).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, ReplicaSets).RunAsync(OnReplicaSetChange, ct),
        new Informer(store, Pods).RunAsync(OnPodChange, ct),
        Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct))));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add($"{obj.Namespace}/{obj.Name}");
    }

    private void OnReplicaSetChange(StoredObject? previous, StoredObject? current)
    {
        var before = ControllerRefs.ControllerKey(previous, Deployments);
        var after = ControllerRefs.ControllerKey(current, Deployments);
        if (before is not null) _queue.Add(before);
        if (after is not null && after != before) _queue.Add(after);
        if (current is not null && ControllerRefs.ControllerOf(current.Object) is null && current.Object.Metadata.Labels is { Count: > 0 } labels)
        {
            foreach (var d in store.Snapshot.List(Deployments, current.Namespace))
                if (((V1Deployment)d.Object).Spec?.Selector is { } s && LabelSelector.FromLabelSelector(s).Matches(labels)) Enqueue(d);
        }
    }

    /// <summary>A deleted pod wakes its ReplicaSet's Deployment: Recreate waits for the old pods to be gone.</summary>
    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        if (current is not null || ControllerRefs.ControllerKey(previous, ReplicaSets) is not { } rsKey) return;
        var (ns, name) = ControllerRefs.SplitKey(rsKey);
        if (ControllerRefs.ControllerKey(store.Snapshot.Get(ReplicaSets, ns, name), Deployments) is { } key) _queue.Add(key);
    }

    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = ControllerRefs.SplitKey(key);
        if (store.Snapshot.Get(Deployments, ns, name) is not { } stored) return;
        var d = stored.CloneAs<V1Deployment>();
        d.Status ??= new V1DeploymentStatus();
        if (d.Spec?.Selector is not { } s || LabelSelector.FromLabelSelector(s) is not { IsEmpty: false } selector) return;
        var all = await ControllerRefs.ClaimAsync<V1ReplicaSet>(store, ReplicaSets, Deployments, d, selector, s.MatchLabels).ConfigureAwait(false);
        var rsList = Sorted(all.Select(KubeJson.Clone));
        var now = KubeTime.UtcNow(time);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, old) = Split(d, rsList);
            await WriteStatusAsync(stored, d, SyncStatus(d, old, newRs, now)).ConfigureAwait(false);
            return;
        }
        CheckPausedConditions(d, now);
        if (d.Spec.Paused == true || IsScalingEvent(d, rsList))
        {
            await SyncScaleAsync(stored, d, rsList, now).ConfigureAwait(false);
            return;
        }
        if (DeploymentRollout.IsRollingUpdate(d)) await RolloutRollingAsync(stored, d, rsList, now).ConfigureAwait(false);
        else await RolloutRecreateAsync(stored, d, rsList, now).ConfigureAwait(false);
    }

    /// <summary>ReplicaSetsByCreationTimestamp: oldest first, then by name.</summary>
    private static List<V1ReplicaSet> Sorted(IEnumerable<V1ReplicaSet> list) =>
        [.. list.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>FindNewReplicaSet and FindOldReplicaSets: the oldest with the Deployment's template is the new one.</summary>
    private static (V1ReplicaSet? New, List<V1ReplicaSet> Old) Split(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var newRs = rsList.FirstOrDefault(rs => DeploymentRollout.SameTemplate(rs.Spec.Template, d.Spec.Template));
        return (newRs, [.. rsList.Where(rs => rs != newRs)]);
    }

    private static List<V1ReplicaSet> Active(IEnumerable<V1ReplicaSet?> list) => [.. list.Where(rs => rs is not null && (rs.Spec.Replicas ?? 0) > 0).Select(rs => rs!)];

    /// <summary>checkPausedConditions: pausing and resuming set Progressing to Unknown, unless the rollout already timed out.</summary>
    private static void CheckPausedConditions(V1Deployment d, DateTime now)
    {
        if (d.Spec.ProgressDeadlineSeconds is null) return;
        var condition = DeploymentRollout.GetCondition(d.Status, DeploymentRollout.Progressing);
        if (condition?.Reason == DeploymentRollout.TimedOutReason) return;
        var pausedExists = condition?.Reason == DeploymentRollout.PausedReason;
        if (d.Spec.Paused == true && !pausedExists)
            DeploymentRollout.SetCondition(d.Status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "Unknown", DeploymentRollout.PausedReason, "Deployment is paused", now));
        else if (d.Spec.Paused != true && pausedExists)
            DeploymentRollout.SetCondition(d.Status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "Unknown", DeploymentRollout.ResumedReason, "Deployment is resumed", now));
    }

    /// <summary>isScalingEvent: an active ReplicaSet was sized for another replica count.</summary>
    private static bool IsScalingEvent(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        foreach (var rs in Active(rsList))
            if (rs.Metadata.Annotations?.TryGetValue(DeploymentRollout.DesiredReplicasAnnotation, out var desired) == true
                && int.TryParse(desired, System.Globalization.CultureInfo.InvariantCulture, out var n) && n != (d.Spec.Replicas ?? 1)) return true;
        return false;
    }

    /// <summary>sync: scaling (and, paused, the history cleanup) without rolling anything out.</summary>
    private async Task SyncScaleAsync(StoredObject stored, V1Deployment d, List<V1ReplicaSet> rsList, DateTime now)
    {
        var (newRs, old) = await NewReplicaSetAsync(stored, d, rsList, create: false, now).ConfigureAwait(false);
        await ScaleAsync(d, newRs, old).ConfigureAwait(false);
        if (d.Spec.Paused == true) await CleanupAsync(d, old).ConfigureAwait(false);
        await WriteStatusAsync(stored, d, SyncStatus(d, old, newRs, now)).ConfigureAwait(false);
    }

    private async Task RolloutRollingAsync(StoredObject stored, V1Deployment d, List<V1ReplicaSet> rsList, DateTime now)
    {
        var (newRs, old) = await NewReplicaSetAsync(stored, d, rsList, create: true, now).ConfigureAwait(false);
        if (!await ReconcileNewAsync(d, newRs, old).ConfigureAwait(false) && !await ReconcileOldAsync(d, newRs!, old).ConfigureAwait(false)
            && DeploymentRollout.IsComplete(d, d.Status))
            await CleanupAsync(d, old).ConfigureAwait(false);
        await WriteRolloutStatusAsync(stored, d, newRs, old, now).ConfigureAwait(false);
    }

    private async Task RolloutRecreateAsync(StoredObject stored, V1Deployment d, List<V1ReplicaSet> rsList, DateTime now)
    {
        var (newRs, old) = await NewReplicaSetAsync(stored, d, rsList, create: false, now).ConfigureAwait(false);
        var scaledDown = false;
        foreach (var rs in Active(old)) scaledDown |= await ScaleReplicaSetAsync(rs, 0, d).ConfigureAwait(false);
        if (!scaledDown && !OldPodsRunning(old))
        {
            if (newRs is null) (newRs, old) = await NewReplicaSetAsync(stored, d, rsList, create: true, now).ConfigureAwait(false);
            if (newRs is not null) await ScaleReplicaSetAsync(newRs, d.Spec.Replicas ?? 1, d).ConfigureAwait(false);
            if (DeploymentRollout.IsComplete(d, d.Status)) await CleanupAsync(d, old).ConfigureAwait(false);
        }
        await WriteRolloutStatusAsync(stored, d, newRs, old, now).ConfigureAwait(false);
    }

    /// <summary>oldPodsRunning: an old ReplicaSet still counts pods, or controls a pod that has not ended (terminating ones included).</summary>
    private bool OldPodsRunning(List<V1ReplicaSet> old)
    {
        if (old.Sum(rs => rs.Status?.Replicas ?? 0) > 0) return true;
        var snapshot = store.Snapshot;
        return old.Any(rs => snapshot.ByIndex(Pods, ObjectIndex.OwnersName, rs.Metadata.NamespaceProperty, rs.Metadata.Uid)
            .Any(p => ControllerRefs.ControllerOf(p.Object)?.Uid == rs.Metadata.Uid && ((V1Pod)p.Object).Status?.Phase is not ("Failed" or "Succeeded")));
    }

    /// <summary>reconcileNewReplicaSet: the new ReplicaSet grows within the surge, or shrinks to the replica count.</summary>
    private async Task<bool> ReconcileNewAsync(V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> old)
    {
        if (newRs is null) return false;
        var replicas = d.Spec.Replicas ?? 1;
        var current = newRs.Spec.Replicas ?? 0;
        if (current == replicas) return false;
        if (current > replicas) return await ScaleReplicaSetAsync(newRs, replicas, d).ConfigureAwait(false);
        return await ScaleReplicaSetAsync(newRs, DeploymentRollout.NewReplicaSetReplicas(d, [.. old, newRs], newRs), d).ConfigureAwait(false);
    }

    /// <summary>reconcileOldReplicaSets: unhealthy old pods go first, then old pods as far as availability allows.</summary>
    private async Task<bool> ReconcileOldAsync(V1Deployment d, V1ReplicaSet newRs, List<V1ReplicaSet> old)
    {
        if (old.Sum(rs => rs.Spec.Replicas ?? 0) == 0) return false;
        var all = old.Append(newRs).ToList();
        var minAvailable = (d.Spec.Replicas ?? 1) - DeploymentRollout.MaxUnavailable(d);
        var newUnavailable = (newRs.Spec.Replicas ?? 0) - (newRs.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = all.Sum(rs => rs.Spec.Replicas ?? 0) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;
        var total = 0;
        foreach (var rs in Active(old))
        {
            if (total >= maxScaledDown) break;
            var unhealthy = (rs.Spec.Replicas ?? 0) - (rs.Status?.AvailableReplicas ?? 0);
            if (unhealthy <= 0) continue;
            var count = Math.Min(maxScaledDown - total, unhealthy);
            await ScaleReplicaSetAsync(rs, (rs.Spec.Replicas ?? 0) - count, d).ConfigureAwait(false);
            total += count;
        }
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        if (available > minAvailable)
        {
            var toScaleDown = available - minAvailable;
            var done = 0;
            foreach (var rs in Active(old))
            {
                if (done >= toScaleDown) break;
                var count = Math.Min(rs.Spec.Replicas ?? 0, toScaleDown - done);
                await ScaleReplicaSetAsync(rs, (rs.Spec.Replicas ?? 0) - count, d).ConfigureAwait(false);
                done += count;
            }
            total += done;
        }
        return total > 0;
    }
}
