using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MockApiServer.Machinery;

/// <summary>
/// A CRD version's structural schema applied to an instance, as apiextensions-apiserver does:
/// pruning of fields the schema does not declare (unless <c>x-kubernetes-preserve-unknown-fields</c>),
/// defaulting from <c>default</c>, and validation of types, enums, bounds, lengths, patterns and
/// required fields with kube-openapi's messages. apiVersion, kind and metadata at the root (and in
/// an <c>x-kubernetes-embedded-resource</c>) are the pipeline's, never pruned here.
/// </summary>
public static class StructuralSchema
{
    /// <summary>Removes undeclared fields from <paramref name="root"/> and returns their paths (spec.foo, spec.items[0].bar).</summary>
    public static List<string> Prune(JsonObject root, JsonObject schema)
    {
        var pruned = new List<string>();
        PruneObject(root, schema, "", pruned, isRoot: true);
        return pruned;
    }

    private static void Prune(JsonNode? node, JsonObject schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject o:
                PruneObject(o, schema, path, pruned, Bool(schema, "x-kubernetes-embedded-resource"));
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++) Prune(a[i], items, $"{path}[{i}]", pruned);
                break;
        }
    }

    private static void PruneObject(JsonObject o, JsonObject schema, string path, List<string> pruned, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = Bool(schema, "x-kubernetes-preserve-unknown-fields") || additional is JsonValue { } v && v.GetValueKind() == JsonValueKind.True;
        foreach (var (name, value) in o.ToList())
        {
            if (isRoot && name is "apiVersion" or "kind" or "metadata") continue;
            var at = path.Length == 0 ? name : $"{path}.{name}";
            if (properties?[name] is JsonObject property) Prune(value, property, at, pruned);
            else if (additional is JsonObject additionalSchema) Prune(value, additionalSchema, at, pruned);
            else if (!preserve)
            {
                o.Remove(name);
                pruned.Add(at);
            }
        }
    }

    /// <summary>Sets every missing field that has a default, outside in.</summary>
    public static void Default(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject o:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property is not JsonObject p) continue;
                        if (!o.ContainsKey(name) && p["default"] is { } value) o[name] = value.DeepClone();
                        if (o[name] is { } child) Default(child, p);
                    }
                }
                if (schema["additionalProperties"] is JsonObject additional)
                    foreach (var (_, child) in o.ToList()) Default(child, additional);
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                foreach (var item in a) Default(item, items);
                break;
        }
    }

    /// <summary>The field errors of <paramref name="root"/> against the schema (metadata is validated by the pipeline).</summary>
    public static List<FieldError> Validate(JsonObject root, JsonObject schema)
    {
        var errors = new List<FieldError>();
        ValidateObject(root, schema, "", errors, isRoot: true);
        return errors;
    }

    private static void Validate(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (!Bool(schema, "nullable") && Str(schema, "type") is { Length: > 0 } t)
                errors.Add(FieldError.Invalid(path, "null", $"{path} in body must be of type {t}: \"null\""));
            return;
        }
        var type = Str(schema, "type");
        var actual = TypeOf(node);
        if (Bool(schema, "x-kubernetes-int-or-string"))
        {
            if (actual is not ("integer" or "string")) errors.Add(FieldError.Invalid(path, actual, $"{path} in body must be of type integer,string: \"{actual}\""));
        }
        else if (type is { Length: > 0 } && type != actual && !(type == "number" && actual == "integer"))
        {
            errors.Add(FieldError.Invalid(path, actual, $"{path} in body must be of type {type}: \"{actual}\""));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
            errors.Add(new FieldError("FieldValueNotSupported", path,
                $"Unsupported value: {Render(node)}: supported values: {string.Join(", ", allowed.Select(Render))}"));
        switch (node)
        {
            case JsonObject o:
                ValidateObject(o, schema, path, errors, isRoot: false);
                break;
            case JsonArray a:
                if (Number(schema, "minItems") is { } minItems && a.Count < minItems) errors.Add(FieldError.Invalid(path, a.Count, $"{path} in body should have at least {minItems} items"));
                if (Number(schema, "maxItems") is { } maxItems && a.Count > maxItems) errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {a.Count}: must have at most {maxItems} items"));
                if (schema["items"] is JsonObject items) for (var i = 0; i < a.Count; i++) Validate(a[i], items, $"{path}[{i}]", errors);
                break;
            case JsonValue v when actual == "string":
                var s = v.GetValue<string>();
                var length = s.EnumerateRunes().Count();
                if (Number(schema, "minLength") is { } minLength && length < minLength) errors.Add(FieldError.Invalid(path, s, $"{path} in body should be at least {minLength} chars long"));
                if (Number(schema, "maxLength") is { } maxLength && length > maxLength) errors.Add(new FieldError("FieldValueTooLong", path, $"Too long: may not be more than {maxLength} bytes"));
                if (Str(schema, "pattern") is { } pattern && !Regex.IsMatch(s, pattern)) errors.Add(FieldError.Invalid(path, s, $"{path} in body should match '{pattern}'"));
                break;
            case JsonValue v when actual is "integer" or "number":
                var d = v.GetValue<double>();
                object shown = actual == "integer" ? (object)(long)d : d;
                var exclusiveMin = Bool(schema, "exclusiveMinimum");
                var exclusiveMax = Bool(schema, "exclusiveMaximum");
                if (Number(schema, "minimum") is { } min && (exclusiveMin ? d <= min : d < min))
                    errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be greater than {(exclusiveMin ? "" : "or equal to ")}{Format(min)}"));
                if (Number(schema, "maximum") is { } max && (exclusiveMax ? d >= max : d > max))
                    errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be less than {(exclusiveMax ? "" : "or equal to ")}{Format(max)}"));
                break;
        }
    }

    private static void ValidateObject(JsonObject o, JsonObject schema, string path, List<FieldError> errors, bool isRoot)
    {
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>())
            if (!o.ContainsKey(required)) errors.Add(FieldError.Required(path.Length == 0 ? required : $"{path}.{required}"));
        var properties = schema["properties"] as JsonObject;
        foreach (var (name, value) in o)
        {
            if (isRoot && name is "apiVersion" or "kind" or "metadata") continue;
            var at = path.Length == 0 ? name : $"{path}.{name}";
            if (properties?[name] is JsonObject property) Validate(value, property, at, errors);
            else if (schema["additionalProperties"] is JsonObject additional) Validate(value, additional, at, errors);
        }
    }

    private static string TypeOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => node.AsValue().TryGetValue<long>(out _) || Math.Abs(node.GetValue<double>() % 1) == 0 ? "integer" : "number",
        _ => "null",
    };

    private static string Render(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonSerializer.Serialize(v.GetValue<string>()) : node?.ToJsonString() ?? "null";

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static string? Str(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static bool Bool(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? Number(JsonObject s, string key) => s[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
