using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Namespaces;

/// <summary>ValidateNamespace: spec.finalizers are qualified names, and unprefixed ones must be standard.</summary>
public sealed class NamespaceValidator : AbstractValidator<V1Namespace>
{
    public static readonly IReadOnlySet<string> StandardFinalizers = new HashSet<string> { "kubernetes", "orphan", "foregroundDeletion" };

    public NamespaceValidator() => RuleFor(ns => ns).Custom((ns, context) =>
    {
        foreach (var finalizer in ns.Spec?.Finalizers ?? [])
            foreach (var error in ValidateFinalizerName(finalizer ?? "", "spec.finalizers")) context.AddFieldError(error);
    });

    // The path carries no index: Kubernetes passes the list's path for every entry.
    public static IEnumerable<FieldError> ValidateFinalizerName(string name, string path)
    {
        foreach (var e in NameValidation.IsQualifiedName(name)) yield return FieldError.Invalid(path, name, e);
        if (!name.Contains('/') && !StandardFinalizers.Contains(name))
            yield return FieldError.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
    }
}
