using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.StatefulSets;

/// <summary>
/// ValidateStatefulSet and ValidateStatefulSetUpdate (k/k pkg/apis/apps/validation): pod
/// management and update strategy, counts, selector and template; an update may change only the
/// fields upstream lists.
/// </summary>
public sealed class StatefulSetValidation(Func<V1PodTemplateSpec?, LabelSelector?, string, IEnumerable<FieldError>> validateTemplate)
{
    public IReadOnlyList<FieldError> ValidateCreate(V1StatefulSet sts)
    {
        var spec = sts.Spec ?? new V1StatefulSetSpec();
        var errors = new List<FieldError>();
        if (spec.PodManagementPolicy is not ("OrderedReady" or "Parallel"))
            errors.Add(FieldError.NotSupportedInOrder("spec.podManagementPolicy", spec.PodManagementPolicy ?? "", ["OrderedReady", "Parallel"]));
        var strategy = spec.UpdateStrategy ?? new V1StatefulSetUpdateStrategy();
        switch (strategy.Type)
        {
            case "OnDelete":
                if (strategy.RollingUpdate is not null)
                    errors.Add(FieldError.Invalid("spec.updateStrategy.rollingUpdate", new LabelSelectorValidation.GoValue("&apps.RollingUpdateStatefulSetStrategy{}"), "only allowed for updateStrategy 'RollingUpdate'"));
                break;
            case "RollingUpdate":
                errors.AddRange(LabelSelectorValidation.ValidateNonnegative(strategy.RollingUpdate?.Partition, "spec.updateStrategy.rollingUpdate.partition"));
                break;
            default:
                errors.Add(FieldError.NotSupportedInOrder("spec.updateStrategy", strategy.Type ?? "", ["RollingUpdate", "OnDelete"]));
                break;
        }
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.Replicas, "spec.replicas"));
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.MinReadySeconds, "spec.minReadySeconds"));
        var selectorErrors = LabelSelectorValidation.ValidateWorkloadSelector(spec.Selector, "spec.selector", "statefulset").ToList();
        errors.AddRange(selectorErrors);
        var selector = selectorErrors.Count == 0 && spec.Selector is { } s ? LabelSelector.FromLabelSelector(s) : null;
        errors.AddRange(validateTemplate(spec.Template, selector, "spec.template").Select(e => e.Field == "spec.template.spec.activeDeadlineSeconds"
            ? FieldError.Forbidden(e.Field, "activeDeadlineSeconds in StatefulSet is not Supported")
            : e));
        return errors;
    }

    /// <summary>Only replicas, ordinals, template, updateStrategy, the PVC retention policy and minReadySeconds may change.</summary>
    public IReadOnlyList<FieldError> ValidateUpdate(V1StatefulSet sts, V1StatefulSet old)
    {
        var errors = ValidateCreate(sts).ToList();
        var a = KubeJson.Clone(sts.Spec ?? new V1StatefulSetSpec());
        var b = KubeJson.Clone(old.Spec ?? new V1StatefulSetSpec());
        foreach (var spec in new[] { a, b })
        {
            spec.Replicas = null;
            spec.Ordinals = null;
            spec.Template = null;
            spec.UpdateStrategy = null;
            spec.PersistentVolumeClaimRetentionPolicy = null;
            spec.MinReadySeconds = null;
        }
        if (KubeJson.Serialize(a) != KubeJson.Serialize(b))
            errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        return errors;
    }
}
