using System.Globalization;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>The Deployment controller's writes: the new ReplicaSet, scaling, history cleanup and the status.</summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// getNewReplicaSet: the ReplicaSet of the current template with its annotations brought up
    /// to date, or (when <paramref name="create"/>) a new one named by the template hash, sized by
    /// NewRSNewReplicas, with the next revision. The Deployment copy gets the revision and the
    /// Progressing condition for the status write.
    /// </summary>
    private async Task<(V1ReplicaSet? New, List<V1ReplicaSet> Old)> NewReplicaSetAsync(StoredObject stored, V1Deployment d, List<V1ReplicaSet> rsList, bool create, DateTime now)
    {
        var (existing, old) = Split(d, rsList);
        var revision = ((old.Count == 0 ? 0 : old.Max(DeploymentRollout.Revision)) + 1).ToString(CultureInfo.InvariantCulture);
        var hasDeadline = d.Spec.ProgressDeadlineSeconds is not null;
        if (existing is not null)
        {
            if (DeploymentRollout.SetNewReplicaSetAnnotations(d, existing, revision) | existing.Spec.MinReadySeconds != d.Spec.MinReadySeconds)
            {
                existing.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                Replace(existing, await UpdateReplicaSetAsync(existing).ConfigureAwait(false));
            }
            SetRevision(d, existing.Metadata.Annotations![DeploymentRollout.RevisionAnnotation]);
            if (hasDeadline && DeploymentRollout.GetCondition(d.Status, DeploymentRollout.Progressing) is null)
                DeploymentRollout.SetCondition(d.Status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "True", "FoundNewReplicaSet", $"Found new replica set \"{existing.Metadata.Name}\"", now));
            return (existing, old);
        }
        if (!create) return (null, old);

        var template = KubeJson.Clone(d.Spec.Template);
        var hash = DeploymentRollout.TemplateHash(d.Spec.Template, d.Status.CollisionCount);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [DeploymentRollout.HashLabel] = hash };
        var selector = KubeJson.Clone(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [DeploymentRollout.HashLabel] = hash };
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [ControllerRefs.NewControllerRef(d, Deployments)],
                Labels = template.Metadata.Labels,
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        rs.Spec.Replicas = DeploymentRollout.NewReplicaSetReplicas(d, [.. old, rs], rs);
        DeploymentRollout.SetNewReplicaSetAnnotations(d, rs, revision);
        StoredObject created;
        try
        {
            created = await store.CreateAsync(ReplicaSets, d.Metadata.NamespaceProperty, rs, WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409 && e.Status.Reason == "AlreadyExists")
        {
            // A ReplicaSet of that name with another template: a hash collision; the next sync hashes with a higher count.
            if (store.Snapshot.Get(ReplicaSets, d.Metadata.NamespaceProperty, rs.Metadata.Name)?.Object is V1ReplicaSet taken
                && ControllerRefs.ControllerOf(taken)?.Uid == d.Metadata.Uid && DeploymentRollout.SameTemplate(taken.Spec.Template, d.Spec.Template))
                return (KubeJson.Clone(taken), old);
            d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
            await WriteStatusAsync(stored, d, d.Status).ConfigureAwait(false);
            throw;
        }
        var createdRs = created.CloneAs<V1ReplicaSet>();
        if (createdRs.Spec.Replicas > 0)
            await events.RecordAsync(d, EventRecorder.Normal, "ScalingReplicaSet", $"Scaled up replica set {createdRs.Metadata.Name} from 0 to {createdRs.Spec.Replicas}", Component).ConfigureAwait(false);
        SetRevision(d, revision);
        if (hasDeadline)
            DeploymentRollout.SetCondition(d.Status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "True", "NewReplicaSetCreated", $"Created new replica set \"{createdRs.Metadata.Name}\"", now));
        return (createdRs, old);
    }

    private static void SetRevision(V1Deployment d, string revision)
    {
        var annotations = d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (!annotations.TryGetValue(DeploymentRollout.RevisionAnnotation, out var current) || current != revision) annotations[DeploymentRollout.RevisionAnnotation] = revision;
    }

    /// <summary>
    /// scale: a single active ReplicaSet takes the replica count; several share the change in
    /// proportion to their size (getProportion), the rest going to the largest.
    /// </summary>
    private async Task ScaleAsync(V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> old)
    {
        var replicas = d.Spec.Replicas ?? 1;
        var active = Active(old.Append(newRs));
        var single = active.Count == 1 ? active[0] : active.Count == 0 ? newRs ?? old.LastOrDefault() : null;
        if (single is not null)
        {
            await ScaleReplicaSetAsync(single, replicas, d).ConfigureAwait(false);
            return;
        }
        if (newRs is not null && newRs.Spec.Replicas == replicas && (newRs.Status?.AvailableReplicas ?? 0) == replicas)
        {
            foreach (var rs in Active(old)) await ScaleReplicaSetAsync(rs, 0, d).ConfigureAwait(false);
            return;
        }
        var allowed = replicas > 0 ? replicas + DeploymentRollout.MaxSurge(d) : 0;
        var toAdd = allowed - active.Sum(rs => rs.Spec.Replicas ?? 0);
        if (toAdd == 0) return;
        var ordered = toAdd > 0
            ? active.OrderByDescending(rs => rs.Spec.Replicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp).ToList()
            : active.OrderByDescending(rs => rs.Spec.Replicas).ThenBy(rs => rs.Metadata.CreationTimestamp).ToList();
        var sizes = new Dictionary<V1ReplicaSet, int>();
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = Proportion(rs, d, allowed, toAdd, added);
            sizes[rs] = (rs.Spec.Replicas ?? 0) + proportion;
            added += proportion;
        }
        sizes[ordered[0]] = Math.Max(0, sizes[ordered[0]] + toAdd - added);
        foreach (var rs in ordered) await ScaleReplicaSetAsync(rs, sizes[rs], d).ConfigureAwait(false);
    }

    /// <summary>getProportion with getReplicaSetFraction: the share by the size the ReplicaSet was given for its max-replicas.</summary>
    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int allowed, int toAdd, int added)
    {
        var size = rs.Spec.Replicas ?? 0;
        if (size == 0 || toAdd == added) return 0;
        int fraction;
        if ((d.Spec.Replicas ?? 1) == 0) fraction = -size;
        else
        {
            var annotated = rs.Metadata.Annotations?.TryGetValue(DeploymentRollout.MaxReplicasAnnotation, out var max) == true && int.TryParse(max, CultureInfo.InvariantCulture, out var m) ? m : d.Status?.Replicas ?? 0;
            fraction = annotated == 0 ? 0 : (int)Math.Round(size * (double)allowed / annotated, MidpointRounding.AwayFromZero) - size;
        }
        var left = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, left) : Math.Max(fraction, left);
    }

    /// <summary>scaleReplicaSet: size and replica annotations in one write, and the ScalingReplicaSet event. True when the size changed.</summary>
    private async Task<bool> ScaleReplicaSetAsync(V1ReplicaSet rs, int size, V1Deployment d)
    {
        var from = rs.Spec.Replicas ?? 0;
        var annotations = new Dictionary<string, string>(rs.Metadata.Annotations ?? new Dictionary<string, string>());
        DeploymentRollout.SetReplicasAnnotations(d, annotations);
        var annotationsChanged = !annotations.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual((rs.Metadata.Annotations ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));
        if (from == size && !annotationsChanged) return false;
        rs.Spec.Replicas = size;
        rs.Metadata.Annotations = annotations;
        Replace(rs, await UpdateReplicaSetAsync(rs).ConfigureAwait(false));
        if (from == size) return false;
        var direction = size > from ? "up" : "down";
        await events.RecordAsync(d, EventRecorder.Normal, "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Metadata.Name} from {from} to {size}", Component).ConfigureAwait(false);
        return true;
    }

    private async Task<StoredObject> UpdateReplicaSetAsync(V1ReplicaSet rs) =>
        await store.UpdateAsync(ReplicaSets, rs.Metadata.NamespaceProperty, rs.Metadata.Name, KubeJson.Clone(rs), WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);

    /// <summary>Keeps the working copy in step with what was written (its resourceVersion for the next write).</summary>
    private static void Replace(V1ReplicaSet rs, StoredObject written)
    {
        var fresh = written.CloneAs<V1ReplicaSet>();
        rs.Metadata = fresh.Metadata;
        rs.Spec = fresh.Spec;
        rs.Status = fresh.Status;
    }

    /// <summary>cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, lowest revision first, once they are empty and settled.</summary>
    private async Task CleanupAsync(V1Deployment d, List<V1ReplicaSet> old)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit) return;
        var cleanable = old.Where(rs => rs.Metadata.DeletionTimestamp is null).OrderBy(DeploymentRollout.Revision).ThenBy(rs => rs.Metadata.CreationTimestamp).ToList();
        for (var i = 0; i < cleanable.Count - limit; i++)
        {
            var rs = cleanable[i];
            if ((rs.Status?.Replicas ?? 0) != 0 || (rs.Spec.Replicas ?? 0) != 0 || rs.Metadata.Generation > (rs.Status?.ObservedGeneration ?? 0)) continue;
            try
            {
                await store.DeleteAsync(ReplicaSets, rs.Metadata.NamespaceProperty, rs.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = rs.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
            }
        }
    }

    /// <summary>syncDeploymentStatus: the counts and Available, Progressing left as it is.</summary>
    private static V1DeploymentStatus SyncStatus(V1Deployment d, List<V1ReplicaSet> old, V1ReplicaSet? newRs, DateTime now) =>
        DeploymentRollout.CalculateStatus(d, [.. old, .. newRs is null ? Array.Empty<V1ReplicaSet>() : [newRs]], newRs, now);

    /// <summary>syncRolloutStatus: the counts, then Progressing by completion, progress or the deadline; a rollout in progress is requeued for its deadline.</summary>
    private async Task WriteRolloutStatusAsync(StoredObject stored, V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> old, DateTime now)
    {
        var status = SyncStatus(d, old, newRs, now);
        if (d.Spec.ProgressDeadlineSeconds is null) DeploymentRollout.RemoveCondition(status, DeploymentRollout.Progressing);
        var current = DeploymentRollout.GetCondition(d.Status, DeploymentRollout.Progressing);
        var complete = (status.Replicas ?? 0) == (status.UpdatedReplicas ?? 0) && current?.Reason == DeploymentRollout.NewRsAvailableReason;
        var rsName = newRs?.Metadata.Name;
        if (d.Spec.ProgressDeadlineSeconds is not null && !complete)
        {
            if (DeploymentRollout.IsComplete(d, status))
                DeploymentRollout.SetCondition(status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "True", DeploymentRollout.NewRsAvailableReason,
                    rsName is null ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{rsName}\" has successfully progressed.", now));
            else if (DeploymentRollout.IsProgressing(d, status))
            {
                var condition = DeploymentRollout.Condition(DeploymentRollout.Progressing, "True", "ReplicaSetUpdated",
                    rsName is null ? $"Deployment \"{d.Metadata.Name}\" is progressing." : $"ReplicaSet \"{rsName}\" is progressing.", now);
                if (current is not null)
                {
                    if (current.Status == "True") condition.LastTransitionTime = current.LastTransitionTime;
                    DeploymentRollout.RemoveCondition(status, DeploymentRollout.Progressing);
                }
                DeploymentRollout.SetCondition(status, condition);
            }
            else if (DeploymentRollout.IsTimedOut(d, status, now))
                DeploymentRollout.SetCondition(status, DeploymentRollout.Condition(DeploymentRollout.Progressing, "False", DeploymentRollout.TimedOutReason,
                    rsName is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{rsName}\" has timed out progressing.", now));
        }
        RequeueStuck(d, status, now);
        await WriteStatusAsync(stored, d, status).ConfigureAwait(false);
    }

    /// <summary>requeueStuckDeployment: a rollout still progressing is looked at again when its deadline passes.</summary>
    private void RequeueStuck(V1Deployment d, V1DeploymentStatus status, DateTime now)
    {
        if (d.Spec.ProgressDeadlineSeconds is not { } deadline || DeploymentRollout.GetCondition(status, DeploymentRollout.Progressing) is not { } condition) return;
        if (condition.Reason == DeploymentRollout.TimedOutReason || DeploymentRollout.IsComplete(d, status) || condition.LastUpdateTime is not { } from) return;
        var after = from.AddSeconds(deadline) - now;
        _queue.AddAfter($"{d.Metadata.NamespaceProperty}/{d.Metadata.Name}", after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after);
    }

    /// <summary>One status write (with the revision annotation, which the status strategy keeps), only when something differs.</summary>
    private async Task WriteStatusAsync(StoredObject stored, V1Deployment d, V1DeploymentStatus status)
    {
        var original = (V1Deployment)stored.Object;
        if (KubeJson.Serialize(status) == KubeJson.Serialize(original.Status ?? new V1DeploymentStatus())
            && KubeJson.Serialize(d.Metadata.Annotations) == KubeJson.Serialize(original.Metadata.Annotations)) return;
        var updated = stored.CloneAs<V1Deployment>();
        updated.Status = status;
        updated.Metadata.Annotations = d.Metadata.Annotations;
        try
        {
            await store.UpdateAsync(Deployments, stored.Namespace, stored.Name, updated, WriteOptions.Manager(ControllerRefs.Manager), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
