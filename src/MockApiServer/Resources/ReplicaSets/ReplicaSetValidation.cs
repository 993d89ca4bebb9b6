using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.ReplicaSets;

/// <summary>
/// ValidateReplicaSet and ValidateReplicaSetUpdate (k/k pkg/apis/apps/validation): replicas and
/// minReadySeconds non-negative, a selector that is set, valid, not empty and matches the
/// template's labels; the template checked as a pod's (the function given at registration).
/// </summary>
public sealed class ReplicaSetValidation(Func<V1PodTemplateSpec?, LabelSelector?, string, IEnumerable<FieldError>> validateTemplate)
{
    public IReadOnlyList<FieldError> ValidateCreate(V1ReplicaSet rs)
    {
        var spec = rs.Spec ?? new V1ReplicaSetSpec();
        var errors = new List<FieldError>();
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.Replicas, "spec.replicas"));
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.MinReadySeconds, "spec.minReadySeconds"));
        errors.AddRange(LabelSelectorValidation.ValidateWorkloadSelector(spec.Selector, "spec.selector"));
        var selector = errors.Count == 0 && spec.Selector is { } s ? LabelSelector.FromLabelSelector(s) : null;
        errors.AddRange(validateTemplate(spec.Template, selector, "spec.template"));
        return errors;
    }

    public IReadOnlyList<FieldError> ValidateUpdate(V1ReplicaSet rs, V1ReplicaSet old) =>
        [.. ValidateCreate(rs), .. LabelSelectorValidation.ValidateImmutable(rs.Spec?.Selector, old.Spec?.Selector, "spec.selector")];
}
