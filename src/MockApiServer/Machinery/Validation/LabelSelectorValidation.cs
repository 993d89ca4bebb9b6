using k8s.Models;

namespace MockApiServer.Machinery.Validation;

/// <summary>
/// metav1validation.ValidateLabelSelector and the workload kinds' shared selector and count
/// rules (k/k pkg/apis/apps/validation), with values rendered as Go's %#v prints them.
/// </summary>
public static class LabelSelectorValidation
{
    /// <summary>A workload's spec.selector: required, valid, and not empty.</summary>
    public static IEnumerable<FieldError> ValidateWorkloadSelector(V1LabelSelector? selector, string path, string kind = "deployment")
    {
        if (selector is null)
        {
            yield return FieldError.Required(path);
            yield break;
        }
        foreach (var e in ValidateLabelSelector(selector, path)) yield return e;
        if ((selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
            yield return FieldError.Invalid(path, new GoValue(Render(selector)), $"empty selector is invalid for {kind}");
    }

    public static IEnumerable<FieldError> ValidateLabelSelector(V1LabelSelector selector, string path)
    {
        foreach (var e in ObjectMetaValidation.ValidateLabels(selector.MatchLabels, path + ".matchLabels")) yield return e;
        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var r = expressions[i];
            var at = $"{path}.matchExpressions[{i}]";
            switch (r.OperatorProperty)
            {
                case "In" or "NotIn":
                    if (r.Values is null || r.Values.Count == 0) yield return FieldError.Required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist":
                    if (r.Values is { Count: > 0 }) yield return FieldError.Forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                default:
                    yield return FieldError.Invalid(at + ".operator", r.OperatorProperty, "not a valid selector operator");
                    break;
            }
            foreach (var e in NameValidation.IsQualifiedName(r.Key ?? "")) yield return FieldError.Invalid(at + ".key", r.Key, e);
        }
    }

    /// <summary>ValidateNonnegativeField.</summary>
    public static IEnumerable<FieldError> ValidateNonnegative(long? value, string path)
    {
        if (value is < 0) yield return FieldError.Invalid(path, value.Value, "must be greater than or equal to 0");
    }

    /// <summary>ValidateImmutableField for spec.selector.</summary>
    public static IEnumerable<FieldError> ValidateImmutable(V1LabelSelector? selector, V1LabelSelector? old, string path)
    {
        if (Render(selector) != Render(old)) yield return FieldError.Invalid(path, new GoValue(Render(selector)), "field is immutable");
    }

    /// <summary>A *metav1.LabelSelector as %#v prints it.</summary>
    public static string Render(V1LabelSelector? selector)
    {
        if (selector is null) return "(*v1.LabelSelector)(nil)";
        var labels = selector.MatchLabels is null ? "map[string]string(nil)" : FieldError.Render(selector.MatchLabels);
        var expressions = selector.MatchExpressions is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.MatchExpressions.Select(r =>
                $"v1.LabelSelectorRequirement{{Key:{FieldError.Render(r.Key ?? "")}, Operator:{FieldError.Render(r.OperatorProperty ?? "")}, Values:{(r.Values is null ? "[]string(nil)" : FieldError.Render(r.Values))}}}")) + "}";
        return $"&v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}";
    }

    /// <summary>An already-rendered Go value, printed as is.</summary>
    public sealed record GoValue(string Text)
    {
        public override string ToString() => Text;
    }
}
