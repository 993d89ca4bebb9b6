using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.StatefulSets;

/// <summary>
/// apps/v1 StatefulSet (k/k pkg/registry/apps/statefulset and SetDefaults_StatefulSet): replicas
/// 1, OrderedReady, RollingUpdate with partition 0, revisionHistoryLimit 10, PVC retention Retain,
/// the pod defaults on the template; status and scale subresources, generation per spec.
/// </summary>
public sealed class StatefulSetStrategy(Action<V1PodTemplateSpec?> defaultTemplate, StatefulSetValidation validation)
    : ResourceStrategy<V1StatefulSet>(validation.ValidateCreate, validation.ValidateUpdate), IScaleStrategy
{
    public override ITablePrinter Table { get; } = new StatefulSetTable();

    public override bool UsesGeneration => true;

    protected override void ApplyDefaults(V1StatefulSet sts)
    {
        var spec = sts.Spec ??= new V1StatefulSetSpec();
        spec.Replicas ??= 1;
        if (string.IsNullOrEmpty(spec.PodManagementPolicy)) spec.PodManagementPolicy = "OrderedReady";
        var strategy = spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy();
        if (string.IsNullOrEmpty(strategy.Type)) strategy.Type = "RollingUpdate";
        if (strategy.Type == "RollingUpdate")
        {
            strategy.RollingUpdate ??= new V1RollingUpdateStatefulSetStrategy();
            strategy.RollingUpdate.Partition ??= 0;
        }
        spec.RevisionHistoryLimit ??= 10;
        var retention = spec.PersistentVolumeClaimRetentionPolicy ??= new V1StatefulSetPersistentVolumeClaimRetentionPolicy();
        if (string.IsNullOrEmpty(retention.WhenDeleted)) retention.WhenDeleted = "Retain";
        if (string.IsNullOrEmpty(retention.WhenScaled)) retention.WhenScaled = "Retain";
        defaultTemplate(spec.Template);
    }

    public (int SpecReplicas, int StatusReplicas, string Selector) ReadScale(IKubernetesObject<V1ObjectMeta> obj)
    {
        var sts = (V1StatefulSet)obj;
        return (sts.Spec?.Replicas ?? 1, sts.Status?.Replicas ?? 0, sts.Spec?.Selector is { } s ? LabelSelector.FromLabelSelector(s).ToString() : "");
    }

    public void WriteReplicas(IKubernetesObject<V1ObjectMeta> obj, int replicas) => ((V1StatefulSet)obj).Spec.Replicas = replicas;
}
