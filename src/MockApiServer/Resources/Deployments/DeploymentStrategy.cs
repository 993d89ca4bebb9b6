using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Deployments;

/// <summary>
/// apps/v1 Deployment (k/k pkg/registry/apps/deployment and SetDefaults_Deployment): replicas 1,
/// RollingUpdate with 25% surge and unavailability, revisionHistoryLimit 10, progress deadline
/// 600 s, the pod defaults on the template; status and scale subresources, generation per spec.
/// </summary>
public sealed class DeploymentStrategy(Action<V1PodTemplateSpec?> defaultTemplate, DeploymentValidation validation)
    : ResourceStrategy<V1Deployment>(validation.ValidateCreate, validation.ValidateUpdate), IScaleStrategy
{
    public const string DefaultPercent = "25%";

    public override ITablePrinter Table { get; } = new DeploymentTable();

    public override bool UsesGeneration => true;

    protected override void ApplyDefaults(V1Deployment deployment)
    {
        var spec = deployment.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        var strategy = spec.Strategy ??= new V1DeploymentStrategy();
        if (string.IsNullOrEmpty(strategy.Type)) strategy.Type = "RollingUpdate";
        if (strategy.Type == "RollingUpdate")
        {
            var rolling = strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            rolling.MaxUnavailable ??= DefaultPercent;
            rolling.MaxSurge ??= DefaultPercent;
        }
        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        defaultTemplate(spec.Template);
    }

    /// <summary>deploymentStatusStrategy: a status write keeps the spec and labels; the controller's revision annotation goes through it.</summary>
    protected override void PrepareForStatusUpdate(V1Deployment deployment, V1Deployment old)
    {
        var annotations = deployment.Metadata.Annotations;
        base.PrepareForStatusUpdate(deployment, old);
        deployment.Metadata.Annotations = annotations;
    }

    public (int SpecReplicas, int StatusReplicas, string Selector) ReadScale(IKubernetesObject<V1ObjectMeta> obj)
    {
        var d = (V1Deployment)obj;
        return (d.Spec?.Replicas ?? 1, d.Status?.Replicas ?? 0, d.Spec?.Selector is { } s ? LabelSelector.FromLabelSelector(s).ToString() : "");
    }

    public void WriteReplicas(IKubernetesObject<V1ObjectMeta> obj, int replicas) => ((V1Deployment)obj).Spec.Replicas = replicas;
}
