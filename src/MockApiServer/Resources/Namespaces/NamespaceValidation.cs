using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Namespaces;

/// <summary>ValidateNamespace: spec.finalizers are qualified names, and unprefixed ones must be standard.</summary>
public static class NamespaceValidation
{
    public static readonly IReadOnlySet<string> StandardFinalizers = new HashSet<string> { "kubernetes", "orphan", "foregroundDeletion" };

    public static IReadOnlyList<FieldError> ValidateCreate(V1Namespace ns) =>
        [.. (ns.Spec?.Finalizers ?? []).SelectMany(finalizer => ValidateFinalizerName(finalizer ?? "", "spec.finalizers"))];

    // The path carries no index: Kubernetes passes the list's path for every entry.
    public static IEnumerable<FieldError> ValidateFinalizerName(string name, string path)
    {
        foreach (var e in NameValidation.IsQualifiedName(name)) yield return FieldError.Invalid(path, name, e);
        if (!name.Contains('/') && !StandardFinalizers.Contains(name))
            yield return FieldError.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
    }
}
