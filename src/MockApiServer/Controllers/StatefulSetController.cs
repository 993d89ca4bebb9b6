using System.Globalization;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// The StatefulSet controller (k/k pkg/controller/statefulset): pods {name}-{ordinal} with a
/// stable hostname and the governing Service as subdomain (so DNS answers
/// web-0.nginx.ns.svc.cluster.local), created in order and each waited for (OrderedReady) or all
/// at once (Parallel), removed from the highest ordinal down, and rolled from the highest ordinal
/// down to the partition, one pod at a time, when the template's revision changes. Revisions are
/// the template hash (no ControllerRevision objects are kept).
/// </summary>
public sealed class StatefulSetController(ResourceStore store, EventRecorder events, TimeProvider time, ILogger<StatefulSetController> logger) : BackgroundService
{
    public const string Component = "statefulset-controller";
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    private readonly WorkQueue _queue = new(time);

    private ResourceDefinition StatefulSets => store.Registry.Get("apps", "statefulsets");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, StatefulSets).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, Pods).RunAsync((previous, current) =>
        {
            if (ControllerRefs.ControllerKey(current ?? previous, StatefulSets) is { } key) _queue.Add(key);
        }, ct),
        Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct))));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add($"{obj.Namespace}/{obj.Name}");
    }

    public static string UpdateRevision(V1StatefulSet sts) => $"{sts.Metadata.Name}-{DeploymentRollout.TemplateHash(sts.Spec.Template, sts.Status?.CollisionCount ?? 0)}";

    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = ControllerRefs.SplitKey(key);
        if (store.Snapshot.Get(StatefulSets, ns, name)?.Object is not V1StatefulSet sts) return;
        if (sts.Spec?.Selector is not { } s || LabelSelector.FromLabelSelector(s) is not { IsEmpty: false } selector) return;
        var pods = await ControllerRefs.ClaimAsync<V1Pod>(store, Pods, StatefulSets, sts, selector, s.MatchLabels).ConfigureAwait(false);
        var revision = UpdateRevision(sts);
        if (sts.Metadata.DeletionTimestamp is null) await ManageAsync(sts, pods, revision).ConfigureAwait(false);
        await UpdateStatusAsync(ns, name, revision).ConfigureAwait(false);
    }

    private static int? Ordinal(V1StatefulSet sts, V1Pod pod)
    {
        var prefix = sts.Metadata.Name + "-";
        return pod.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(pod.Metadata.Name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private bool Healthy(V1StatefulSet sts, V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase == "Running" && ReplicaSetPods.IsAvailable(pod, sts.Spec.MinReadySeconds ?? 0, KubeTime.UtcNow(time));

    private static string? RevisionOf(V1Pod pod) => pod.Metadata.Labels is { } labels && labels.TryGetValue(RevisionLabel, out var r) ? r : null;

    /// <summary>One step of the ordered (or parallel) plan: create what is missing, replace what ended, shrink, then roll.</summary>
    private async Task ManageAsync(V1StatefulSet sts, List<V1Pod> pods, string revision)
    {
        var start = sts.Spec.Ordinals?.Start ?? 0;
        var replicas = sts.Spec.Replicas ?? 1;
        var ordered = sts.Spec.PodManagementPolicy != "Parallel";
        var byOrdinal = pods.Where(p => Ordinal(sts, p) is not null).ToDictionary(p => Ordinal(sts, p)!.Value);
        for (var ordinal = start; ordinal < start + replicas; ordinal++)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod))
            {
                await CreateAsync(sts, ordinal, revision).ConfigureAwait(false);
                if (ordered) return;
                continue;
            }
            if (pod.Status?.Phase is "Failed" or "Succeeded" && pod.Metadata.DeletionTimestamp is null)
            {
                await DeleteAsync(sts, pod).ConfigureAwait(false);
                if (ordered) return;
                continue;
            }
            if (ordered && !Healthy(sts, pod)) return;
        }
        var condemned = byOrdinal.Where(p => p.Key < start || p.Key >= start + replicas).OrderByDescending(p => p.Key).Select(p => p.Value).ToList();
        foreach (var pod in condemned)
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                if (ordered) return;
                continue;
            }
            await DeleteAsync(sts, pod).ConfigureAwait(false);
            if (ordered) return;
        }
        if (sts.Spec.UpdateStrategy?.Type != "RollingUpdate") return;
        var partition = sts.Spec.UpdateStrategy.RollingUpdate?.Partition ?? 0;
        for (var ordinal = start + replicas - 1; ordinal >= start + partition; ordinal--)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod)) return;
            if (RevisionOf(pod) != revision)
            {
                if (pod.Metadata.DeletionTimestamp is null) await DeleteAsync(sts, pod).ConfigureAwait(false);
                return;
            }
            if (!Healthy(sts, pod)) return;
        }
    }

    /// <summary>newVersionedStatefulSetPod: the template, the identity labels, hostname and subdomain.</summary>
    public static V1Pod NewPod(V1StatefulSet sts, int ordinal, string revision, ResourceDefinition statefulSets)
    {
        var template = KubeJson.Clone(sts.Spec.Template);
        var name = $"{sts.Metadata.Name}-{ordinal}";
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [PodNameLabel] = name,
            [PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture),
            [RevisionLabel] = revision,
        };
        template.Spec.Hostname = name;
        if (!string.IsNullOrEmpty(sts.Spec.ServiceName)) template.Spec.Subdomain = sts.Spec.ServiceName;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = sts.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations,
                OwnerReferences = [ControllerRefs.NewControllerRef(sts, statefulSets)],
            },
            Spec = template.Spec,
        };
    }

    private async Task CreateAsync(V1StatefulSet sts, int ordinal, string revision)
    {
        var pod = NewPod(sts, ordinal, revision, StatefulSets);
        try
        {
            await store.CreateAsync(Pods, sts.Metadata.NamespaceProperty, pod, WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);
            await events.RecordAsync(sts, EventRecorder.Normal, "SuccessfulCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {sts.Metadata.Name} successful", Component).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // A pod of that name still terminating, or not ours: the next change retries.
        }
        catch (ApiException e)
        {
            await events.RecordAsync(sts, EventRecorder.Warning, "FailedCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {sts.Metadata.Name} failed error: {e.Message}", Component).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeleteAsync(V1StatefulSet sts, V1Pod pod)
    {
        try
        {
            await store.DeleteAsync(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
            await events.RecordAsync(sts, EventRecorder.Normal, "SuccessfulDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {sts.Metadata.Name} successful", Component).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>The counts by revision; a rolling update whose pods are all updated and ready makes the update revision current.</summary>
    private async Task UpdateStatusAsync(string ns, string name, string revision)
    {
        if (store.Snapshot.Get(StatefulSets, ns, name) is not { } stored) return;
        var sts = (V1StatefulSet)stored.Object;
        var now = KubeTime.UtcNow(time);
        var pods = store.Snapshot.ByIndex(Pods, ObjectIndex.OwnersName, ns, sts.Metadata.Uid)
            .Select(p => (V1Pod)p.Object)
            .Where(p => ControllerRefs.ControllerOf(p)?.Uid == sts.Metadata.Uid && ReplicaSetPods.IsActive(p))
            .ToList();
        var current = sts.Status?.CurrentRevision ?? revision;
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = sts.Metadata.Generation,
            Replicas = pods.Count,
            ReadyReplicas = DeploymentRollout.OmitZero(pods.Count(ReplicaSetPods.IsReady)),
            AvailableReplicas = pods.Count(p => ReplicaSetPods.IsAvailable(p, sts.Spec.MinReadySeconds ?? 0, now)),
            CurrentReplicas = DeploymentRollout.OmitZero(pods.Count(p => RevisionOf(p) == current)),
            UpdatedReplicas = DeploymentRollout.OmitZero(pods.Count(p => RevisionOf(p) == revision)),
            CurrentRevision = current,
            UpdateRevision = revision,
            CollisionCount = sts.Status?.CollisionCount ?? 0,
            Conditions = sts.Status?.Conditions,
        };
        if (sts.Spec.UpdateStrategy?.Type == "RollingUpdate" && (status.UpdatedReplicas ?? 0) == status.Replicas && (status.ReadyReplicas ?? 0) == status.Replicas)
        {
            status.CurrentRevision = revision;
            status.CurrentReplicas = status.UpdatedReplicas;
        }
        if (KubeJson.Serialize(status) == KubeJson.Serialize(sts.Status ?? new V1StatefulSetStatus())) return;
        var updated = stored.CloneAs<V1StatefulSet>();
        updated.Status = status;
        try
        {
            await store.UpdateAsync(StatefulSets, ns, name, updated, WriteOptions.Manager(ControllerRefs.Manager), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
