using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// Pods: defaults, validation, a Pending status on create, the pod field selectors, and graceful
/// deletion (podStrategy.CheckGracefulDelete): a pod bound to a node and not terminated only gets
/// deletionTimestamp = now + grace; its kubelet finishes the delete.
/// </summary>
public sealed class PodStrategy(ResourceDefinition nodes) : ResourceStrategy<V1Pod>(PodValidation.ValidateCreate, PodUpdateValidation.ValidateUpdate), IGracefulDeleteStrategy
{
    public override ITablePrinter Table { get; } = new PodTable();

    public override bool UsesGeneration => true;

    protected override IReadOnlyDictionary<string, Func<V1Pod, string?>> Fields { get; } = new Dictionary<string, Func<V1Pod, string?>>
    {
        ["spec.nodeName"] = p => p.Spec?.NodeName,
        ["spec.restartPolicy"] = p => p.Spec?.RestartPolicy,
        ["spec.schedulerName"] = p => p.Spec?.SchedulerName,
        ["spec.serviceAccountName"] = p => p.Spec?.ServiceAccountName,
        ["spec.hostNetwork"] = p => p.Spec?.HostNetwork == true ? "true" : "false",
        ["status.phase"] = p => p.Status?.Phase,
        ["status.podIP"] = p => p.Status?.PodIP,
        ["status.nominatedNodeName"] = p => p.Status?.NominatedNodeName,
    };

    protected override void PrepareForCreate(V1Pod pod)
    {
        PodDefaults.Apply(pod);
        PodDefaults.ApplyAdmission(pod);
        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = PodQos.Classify(pod.Spec) };
    }

    protected override void PrepareForUpdate(V1Pod pod, V1Pod old)
    {
        PodDefaults.Apply(pod);
        base.PrepareForUpdate(pod, old);
    }

    public bool BeginGracefulDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options)
    {
        var pod = (V1Pod)obj;
        var period = options.GracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30;
        if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Failed" or "Succeeded") period = 0;
        // No kubelet will ever finish a pod bound to a node that does not exist; the pod GC
        // controller force-deletes such orphans, so it goes at once.
        if (tx.Get(nodes, "", pod.Spec?.NodeName ?? "") is null) period = 0;
        if (period <= 0) return false;
        var meta = pod.Metadata;
        if (meta.DeletionTimestamp is not null && meta.DeletionGracePeriodSeconds is { } current && period >= current) return true;
        meta.DeletionTimestamp = tx.Now.AddSeconds(period);
        meta.DeletionGracePeriodSeconds = period;
        return true;
    }
}
