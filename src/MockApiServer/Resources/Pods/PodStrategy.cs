using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>Pods: defaults, validation, a Pending status on create, and the pod field selectors.</summary>
public sealed class PodStrategy() : ResourceStrategy<V1Pod>(new PodValidator())
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
        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = "BestEffort" };
    }

    protected override void PrepareForUpdate(V1Pod pod, V1Pod old)
    {
        PodDefaults.Apply(pod);
        base.PrepareForUpdate(pod, old);
    }
}
