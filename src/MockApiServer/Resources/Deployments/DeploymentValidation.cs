using System.Globalization;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Deployments;

/// <summary>
/// ValidateDeployment and ValidateDeploymentUpdate (k/k pkg/apis/apps/validation), in upstream's
/// order: replicas, selector, template, revisionHistoryLimit, strategy, minReadySeconds, progress
/// deadline; the selector is immutable.
/// </summary>
public sealed class DeploymentValidation(Func<V1PodTemplateSpec?, LabelSelector?, string, IEnumerable<FieldError>> validateTemplate)
{
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    public IReadOnlyList<FieldError> ValidateCreate(V1Deployment deployment)
    {
        var spec = deployment.Spec ?? new V1DeploymentSpec();
        var errors = new List<FieldError>();
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.Replicas, "spec.replicas"));
        var selectorErrors = LabelSelectorValidation.ValidateWorkloadSelector(spec.Selector, "spec.selector").ToList();
        errors.AddRange(selectorErrors);
        var selector = selectorErrors.Count == 0 && spec.Selector is { } s ? LabelSelector.FromLabelSelector(s) : null;
        errors.AddRange(validateTemplate(spec.Template, selector, "spec.template"));
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.RevisionHistoryLimit, "spec.revisionHistoryLimit"));
        errors.AddRange(ValidateStrategy(spec.Strategy ?? new V1DeploymentStrategy(), "spec.strategy"));
        errors.AddRange(LabelSelectorValidation.ValidateNonnegative(spec.MinReadySeconds, "spec.minReadySeconds"));
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            errors.AddRange(LabelSelectorValidation.ValidateNonnegative(deadline, "spec.progressDeadlineSeconds"));
            if (deadline <= (spec.MinReadySeconds ?? 0))
                errors.Add(FieldError.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
        }
        return errors;
    }

    public IReadOnlyList<FieldError> ValidateUpdate(V1Deployment deployment, V1Deployment old) =>
        [.. ValidateCreate(deployment), .. LabelSelectorValidation.ValidateImmutable(deployment.Spec?.Selector, old.Spec?.Selector, "spec.selector")];

    private static IEnumerable<FieldError> ValidateStrategy(V1DeploymentStrategy strategy, string path)
    {
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                    yield return FieldError.Forbidden(path + ".rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is not { } rolling)
                {
                    yield return FieldError.Required(path + ".rollingUpdate", "this should be defaulted and never be nil");
                    break;
                }
                foreach (var e in ValidateRollingUpdate(rolling, path + ".rollingUpdate")) yield return e;
                break;
            default:
                yield return FieldError.NotSupportedInOrder(path, strategy.Type ?? "", ["Recreate", "RollingUpdate"]);
                break;
        }
    }

    private static IEnumerable<FieldError> ValidateRollingUpdate(V1RollingUpdateDeployment rolling, string path)
    {
        foreach (var e in ValidatePositiveIntOrPercent(rolling.MaxUnavailable, path + ".maxUnavailable")) yield return e;
        foreach (var e in ValidatePositiveIntOrPercent(rolling.MaxSurge, path + ".maxSurge")) yield return e;
        if (IntOrPercentValue(rolling.MaxUnavailable) == 0 && IntOrPercentValue(rolling.MaxSurge) == 0)
            yield return FieldError.Invalid(path + ".maxUnavailable", Render(rolling.MaxUnavailable), "may not be 0 when `maxSurge` is 0");
        if (IsPercent(rolling.MaxUnavailable, out var percent) && percent > 100)
            yield return FieldError.Invalid(path + ".maxUnavailable", Render(rolling.MaxUnavailable), "must not be greater than 100%");
    }

    private static IEnumerable<FieldError> ValidatePositiveIntOrPercent(IntOrString? value, string path)
    {
        if (value?.Value is not { } text) yield break;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            foreach (var e in LabelSelectorValidation.ValidateNonnegative(number, path)) yield return e;
        }
        else if (!IsPercent(value, out _)) yield return FieldError.Invalid(path, Render(value), PercentMessage);
    }

    private static bool IsPercent(IntOrString? value, out int percent)
    {
        percent = 0;
        var text = value?.Value ?? "";
        return text.Length > 1 && text[^1] == '%' && text[..^1].All(char.IsAsciiDigit) && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out percent);
    }

    /// <summary>getIntOrPercentValue: the number, or the percent's number.</summary>
    private static int IntOrPercentValue(IntOrString? value) =>
        IsPercent(value, out var percent) ? percent : int.TryParse(value?.Value, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>An intstr.IntOrString as %#v prints it.</summary>
    private static LabelSelectorValidation.GoValue Render(IntOrString? value)
    {
        var text = value?.Value ?? "";
        return int.TryParse(text, CultureInfo.InvariantCulture, out var n)
            ? new($"intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}")
            : new($"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{FieldError.Render(text)}}}");
    }
}
