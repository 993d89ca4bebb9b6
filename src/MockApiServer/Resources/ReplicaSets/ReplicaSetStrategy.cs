using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.ReplicaSets;

/// <summary>
/// apps/v1 ReplicaSet (k/k pkg/registry/apps/replicaset): spec.replicas defaults to 1, the pod
/// template gets the pod defaults, status is a subresource, generation follows the spec, and the
/// scale subresource reads and writes spec.replicas.
/// </summary>
public sealed class ReplicaSetStrategy(Action<V1PodTemplateSpec?> defaultTemplate, ReplicaSetValidation validation)
    : ResourceStrategy<V1ReplicaSet>(validation.ValidateCreate, validation.ValidateUpdate), IScaleStrategy
{
    public override ITablePrinter Table { get; } = new ReplicaSetTable();

    public override bool UsesGeneration => true;

    protected override void ApplyDefaults(V1ReplicaSet rs)
    {
        var spec = rs.Spec ??= new V1ReplicaSetSpec();
        spec.Replicas ??= 1;
        spec.MinReadySeconds ??= 0;
        defaultTemplate(spec.Template);
    }

    public (int SpecReplicas, int StatusReplicas, string Selector) ReadScale(IKubernetesObject<V1ObjectMeta> obj)
    {
        var rs = (V1ReplicaSet)obj;
        return (rs.Spec?.Replicas ?? 1, rs.Status?.Replicas ?? 0, rs.Spec?.Selector is { } s ? LabelSelector.FromLabelSelector(s).ToString() : "");
    }

    public void WriteReplicas(IKubernetesObject<V1ObjectMeta> obj, int replicas) => ((V1ReplicaSet)obj).Spec.Replicas = replicas;
}
