using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// Pod templates as the workload kinds embed them: the pod defaults on the template's spec
/// (SetDefaults_PodSpec and friends run on every PodTemplateSpec; admission does not), and
/// ValidatePodTemplateSpec with the ReplicaSet rules (ValidatePodTemplateSpecForReplicaSet, k/k
/// pkg/apis/apps/validation). The workload strategies get these functions at registration, so
/// their folders do not reach into this one.
/// </summary>
public static class PodTemplates
{
    public static void Default(V1PodTemplateSpec? template)
    {
        if (template is null) return;
        PodDefaults.ApplySpec(template.Spec ??= new V1PodSpec(), isPod: false);
    }

    /// <summary>The template of a kind whose pods always restart (ReplicaSet, Deployment, DaemonSet, StatefulSet), at <paramref name="path"/>.</summary>
    public static IEnumerable<FieldError> ValidateForReplicaSet(V1PodTemplateSpec? template, LabelSelector? selector, string path)
    {
        if (template is null)
        {
            yield return FieldError.Required(path);
            yield break;
        }
        var labels = template.Metadata?.Labels;
        if (selector is { IsEmpty: false } && !selector.Matches(labels))
            yield return FieldError.Invalid(path + ".metadata.labels", labels, "`selector` does not match template `labels`");
        foreach (var e in ObjectMetaValidation.ValidateLabelsAndAnnotations(template.Metadata ?? new V1ObjectMeta(), path + ".metadata")) yield return e;
        var spec = template.Spec ?? new V1PodSpec();
        foreach (var e in PodValidation.ValidatePodSpec(spec, path + ".spec")) yield return e;
        if (spec.RestartPolicy != "Always")
            yield return FieldError.NotSupportedInOrder(path + ".spec.restartPolicy", spec.RestartPolicy ?? "", ["Always"]);
        if (spec.ActiveDeadlineSeconds is not null)
            yield return FieldError.Forbidden(path + ".spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported");
    }
}
