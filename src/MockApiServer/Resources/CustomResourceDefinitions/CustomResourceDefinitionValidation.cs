using System.Text.Json;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.CustomResourceDefinitions;

/// <summary>
/// apiextensions-apiserver's pkg/apis/apiextensions/validation, in its order and with its
/// messages. Paths are those of the internal version the v1 object converts to: a schema, the
/// subresources or the printer columns that every version declares alike are checked once at
/// <c>spec.validation</c>, <c>spec.subresources</c>, <c>spec.additionalPrinterColumns</c>, as
/// kube-apiserver reports them. Webhook conversion is refused (there is no webhook to call).
/// </summary>
public static class CustomResourceDefinitionValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];
    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    public static IReadOnlyList<FieldError> ValidateCreate(V1CustomResourceDefinition crd) => [.. ValidateSpec(crd.Spec ?? new()), .. ValidateStatus(crd)];

    public static IReadOnlyList<FieldError> ValidateUpdate(V1CustomResourceDefinition crd, V1CustomResourceDefinition old)
    {
        var spec = crd.Spec ?? new();
        var oldSpec = old.Spec ?? new();
        var errors = ValidateSpec(spec).ToList();
        if (IsEstablished(old))
        {
            if (spec.Scope != oldSpec.Scope) errors.Add(Immutable("spec.scope", spec.Scope));
            if (spec.Names?.Kind != oldSpec.Names?.Kind) errors.Add(Immutable("spec.names.kind", spec.Names?.Kind));
        }
        if (spec.Group != oldSpec.Group) errors.Add(Immutable("spec.group", spec.Group));
        if (spec.Names?.Plural != oldSpec.Names?.Plural) errors.Add(Immutable("spec.names.plural", spec.Names?.Plural));
        errors.AddRange(ValidateStatus(crd));
        return errors;
    }

    /// <summary>metadata.name: a DNS subdomain, and plural.group.</summary>
    public static IReadOnlyList<string> ValidateName(V1CustomResourceDefinition crd)
    {
        var name = crd.Metadata?.Name ?? "";
        var errors = NameValidation.IsDns1123Subdomain(name).ToList();
        if (name != $"{crd.Spec?.Names?.Plural}.{crd.Spec?.Group}") errors.Add("must be spec.names.plural+\".\"+spec.group");
        return errors;
    }

    public static bool IsEstablished(V1CustomResourceDefinition crd) =>
        crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;

    private static FieldError Immutable(string path, object? value) => FieldError.Invalid(path, value, "field is immutable");

    private static IEnumerable<FieldError> ValidateSpec(V1CustomResourceDefinitionSpec spec)
    {
        if (string.IsNullOrEmpty(spec.Group)) yield return FieldError.Required("spec.group");
        else if (NameValidation.IsDns1123Subdomain(spec.Group) is { Count: > 0 } groupErrors) yield return FieldError.Invalid("spec.group", spec.Group, string.Join(",", groupErrors));
        else if (spec.Group.Split('.').Length < 2) yield return FieldError.Invalid("spec.group", spec.Group, "should be a domain with at least one dot");

        if (string.IsNullOrEmpty(spec.Scope)) yield return FieldError.Required("spec.scope");
        else if (!Scopes.Contains(spec.Scope)) yield return FieldError.NotSupported("spec.scope", spec.Scope, Scopes);

        var versions = spec.Versions ?? [];
        var sharedSchema = Shared(versions, v => v.Schema);
        var sharedSubresources = Shared(versions, v => v.Subresources);
        var sharedColumns = Shared(versions, v => v.AdditionalPrinterColumns is { Count: > 0 } c ? c : null);
        if (sharedSchema is null)
        {
            for (var i = 0; i < versions.Count; i++)
                if (versions[i].Schema?.OpenAPIV3Schema is null) yield return FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema");
        }

        var storage = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var unique = true;
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            if (v.Storage) storage++;
            if (!names.Add(v.Name ?? "")) unique = false;
            if (NameValidation.IsDns1035Label(v.Name ?? "") is { Count: > 0 } nameErrors) yield return FieldError.Invalid($"spec.versions[{i}].name", v.Name, string.Join(",", nameErrors));
            var at = $"spec.versions[{i}]";
            if (v.Deprecated != true && v.DeprecationWarning is not null) yield return FieldError.Invalid($"{at}.deprecationWarning", v.DeprecationWarning, "can only be set for deprecated versions");
            var statusEnabled = (sharedSubresources ?? v.Subresources)?.Status is not null;
            if (sharedSchema is null)
                foreach (var e in CustomResourceSchemaValidation.Validate(v.Schema?.OpenAPIV3Schema, statusEnabled, $"{at}.schema.openAPIV3Schema")) yield return e;
            if (sharedSubresources is null)
                foreach (var e in ValidateSubresources(v.Subresources, $"{at}.subresources")) yield return e;
            if (sharedColumns is null)
                foreach (var e in ValidateColumns(v.AdditionalPrinterColumns, $"{at}.additionalPrinterColumns")) yield return e;
        }
        if (!unique) yield return FieldError.Invalid("spec.versions", new GoValue(VersionsValue(versions)), "must contain unique version names");
        if (storage != 1) yield return FieldError.Invalid("spec.versions", new GoValue(VersionsValue(versions)), "must have exactly one version marked as storage version");

        var n = spec.Names ?? new V1CustomResourceDefinitionNames();
        if (string.IsNullOrEmpty(n.Plural)) yield return FieldError.Required("spec.names.plural");
        if (string.IsNullOrEmpty(n.Singular)) yield return FieldError.Required("spec.names.singular");
        if (string.IsNullOrEmpty(n.Kind)) yield return FieldError.Required("spec.names.kind");
        if (string.IsNullOrEmpty(n.ListKind)) yield return FieldError.Required("spec.names.listKind");
        foreach (var e in ValidateNames(n, "spec.names")) yield return e;

        if (sharedSchema is not null)
        {
            var statusEnabled = (sharedSubresources ?? versions.Select(v => v.Subresources).FirstOrDefault(s => s?.Status is not null))?.Status is not null;
            foreach (var e in CustomResourceSchemaValidation.Validate(sharedSchema.OpenAPIV3Schema, statusEnabled, "spec.validation.openAPIV3Schema")) yield return e;
        }
        if (sharedSubresources is not null) foreach (var e in ValidateSubresources(sharedSubresources, "spec.subresources")) yield return e;
        if (sharedColumns is not null) foreach (var e in ValidateColumns(sharedColumns, "spec.additionalPrinterColumns")) yield return e;
        foreach (var e in ValidateConversion(spec.Conversion)) yield return e;
    }

    /// <summary>The value every version sets identically (the internal version's top-level field), or null.</summary>
    private static T? Shared<T>(IList<V1CustomResourceDefinitionVersion> versions, Func<V1CustomResourceDefinitionVersion, T?> field) where T : class
    {
        if (versions.Count == 0 || field(versions[0]) is not { } first) return null;
        var json = KubeJson.Serialize(first);
        return versions.All(v => field(v) is { } value && KubeJson.Serialize(value) == json) ? first : null;
    }

    /// <summary>Go's %#v of the internal versions list, without its pointers' addresses.</summary>
    private static string VersionsValue(IList<V1CustomResourceDefinitionVersion> versions) =>
        "[]apiextensions.CustomResourceDefinitionVersion{" + string.Join(", ", versions.Select(v =>
            $"apiextensions.CustomResourceDefinitionVersion{{Name:{JsonSerializer.Serialize(v.Name ?? "")}, Served:{Bool(v.Served)}, Storage:{Bool(v.Storage)}, Deprecated:{Bool(v.Deprecated == true)}}}")) + "}";

    private static string Bool(bool b) => b ? "true" : "false";

    private static IEnumerable<FieldError> ValidateNames(V1CustomResourceDefinitionNames n, string at)
    {
        if (!string.IsNullOrEmpty(n.Plural) && NameValidation.IsDns1035Label(n.Plural) is { Count: > 0 } p) yield return FieldError.Invalid($"{at}.plural", n.Plural, string.Join(",", p));
        if (!string.IsNullOrEmpty(n.Singular) && NameValidation.IsDns1035Label(n.Singular) is { Count: > 0 } s) yield return FieldError.Invalid($"{at}.singular", n.Singular, string.Join(",", s));
        if (!string.IsNullOrEmpty(n.Kind) && NameValidation.IsDns1035Label(n.Kind.ToLowerInvariant()) is { Count: > 0 } k)
            yield return FieldError.Invalid($"{at}.kind", n.Kind, "may have mixed case, but should otherwise match: " + string.Join(",", k));
        if (!string.IsNullOrEmpty(n.ListKind) && NameValidation.IsDns1035Label(n.ListKind.ToLowerInvariant()) is { Count: > 0 } l)
            yield return FieldError.Invalid($"{at}.listKind", n.ListKind, "may have mixed case, but should otherwise match: " + string.Join(",", l));
        var shortNames = n.ShortNames ?? [];
        for (var i = 0; i < shortNames.Count; i++)
            if (NameValidation.IsDns1035Label(shortNames[i]) is { Count: > 0 } e) yield return FieldError.Invalid($"{at}.shortNames[{i}]", shortNames[i], string.Join(",", e));
        if (!string.IsNullOrEmpty(n.Kind) && n.Kind == n.ListKind) yield return FieldError.Invalid($"{at}.listKind", n.ListKind, "kind and listKind may not be the same");
        var categories = n.Categories ?? [];
        for (var i = 0; i < categories.Count; i++)
            if (NameValidation.IsDns1035Label(categories[i]) is { Count: > 0 } e) yield return FieldError.Invalid($"{at}.categories[{i}]", categories[i], string.Join(",", e));
    }

    private static IEnumerable<FieldError> ValidateSubresources(V1CustomResourceSubresources? subresources, string at)
    {
        if (subresources?.Scale is not { } scale) yield break;
        if (string.IsNullOrEmpty(scale.SpecReplicasPath)) yield return FieldError.Required($"{at}.scale.specReplicasPath");
        else if (!IsSimplePath(scale.SpecReplicasPath)) yield return FieldError.Invalid($"{at}.scale.specReplicasPath", scale.SpecReplicasPath, "should be a json path under .spec");
        if (string.IsNullOrEmpty(scale.StatusReplicasPath)) yield return FieldError.Required($"{at}.scale.statusReplicasPath");
        else if (!IsSimplePath(scale.StatusReplicasPath)) yield return FieldError.Invalid($"{at}.scale.statusReplicasPath", scale.StatusReplicasPath, "should be a json path under .status");
        if (!string.IsNullOrEmpty(scale.LabelSelectorPath) && !IsSimplePath(scale.LabelSelectorPath))
            yield return FieldError.Invalid($"{at}.scale.labelSelectorPath", scale.LabelSelectorPath, "should be a json path under either .spec or .status");
    }

    private static bool IsSimplePath(string path) => path.StartsWith('.') && path.Length > 1 && !path.Contains('[');

    private static IEnumerable<FieldError> ValidateColumns(IList<V1CustomResourceColumnDefinition>? columns, string at)
    {
        for (var i = 0; i < (columns?.Count ?? 0); i++)
        {
            var col = columns![i];
            var path = $"{at}[{i}]";
            if (string.IsNullOrEmpty(col.Name)) yield return FieldError.Required($"{path}.name");
            var types = "must be one of " + string.Join(",", ColumnTypes);
            if (string.IsNullOrEmpty(col.Type)) yield return FieldError.Required($"{path}.type", types);
            else if (!ColumnTypes.Contains(col.Type)) yield return FieldError.Invalid($"{path}.type", col.Type, types);
            if (!string.IsNullOrEmpty(col.Format) && !ColumnFormats.Contains(col.Format))
                yield return FieldError.Invalid($"{path}.format", col.Format, "must be one of " + string.Join(",", ColumnFormats));
            if (string.IsNullOrEmpty(col.JsonPath)) yield return FieldError.Required($"{path}.JSONPath");
            else if (!col.JsonPath.StartsWith('.')) yield return FieldError.Invalid($"{path}.JSONPath", col.JsonPath, "must be a simple json path starting with .");
        }
    }

    private static IEnumerable<FieldError> ValidateConversion(V1CustomResourceConversion? conversion)
    {
        if (conversion is null) yield break;
        if (string.IsNullOrEmpty(conversion.Strategy)) yield return FieldError.Required("spec.conversion.strategy");
        // A documented departure: kube-apiserver accepts "Webhook" too; there is no webhook to call here.
        else if (conversion.Strategy != "None") yield return FieldError.NotSupported("spec.conversion.strategy", conversion.Strategy, ["None"]);
        else if (conversion.Webhook is not null) yield return FieldError.Forbidden("spec.conversion.webhookClientConfig", "should not be set when strategy is not set to Webhook");
    }

    private static IEnumerable<FieldError> ValidateStatus(V1CustomResourceDefinition crd)
    {
        if (crd.Status?.AcceptedNames is { } accepted)
            foreach (var e in ValidateNames(accepted, "status.acceptedNames")) yield return e;
        var stored = crd.Status?.StoredVersions ?? [];
        if (stored.Count == 0)
        {
            yield return FieldError.Invalid("status.storedVersions", new GoValue("[]string(nil)"), "must have at least one stored version");
            yield break;
        }
        var versions = crd.Spec?.Versions ?? [];
        foreach (var v in versions.Where(v => v.Storage && !stored.Contains(v.Name)))
            yield return FieldError.Invalid("status.storedVersions", stored, "must have the storage version " + v.Name);
        for (var i = 0; i < stored.Count; i++)
        {
            var v = stored[i];
            if (versions.Any(x => x.Name == v)) continue;
            yield return FieldError.Invalid($"status.storedVersions[{i}]", v,
                $"missing from spec.versions; {v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in {v} and removes {v} from status.storedVersions");
        }
    }
}

/// <summary>A bad value Go prints with %#v, given in its printed form.</summary>
public sealed record GoValue(string Printed)
{
    public override string ToString() => Printed;
}
