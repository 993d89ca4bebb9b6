using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.CustomResourceDefinitions;

/// <summary>
/// The checks on a version's openAPIV3Schema: the root rules of validateCustomResourceDefinitionValidation,
/// the structural invariants of apiserver/schema (validateStructuralInvariants: a type everywhere,
/// items for arrays, object at the root, metadata and kind/apiVersion shapes; sorted by their text,
/// as upstream sorts them), then the OpenAPI rules (known types, properties beside additionalProperties).
/// </summary>
public static class CustomResourceSchemaValidation
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] RootFieldsWithStatus = ["description", "type", "required", "properties", "x-kubernetes-validations"];

    private enum Level { Root, Item, Field }

    public static IEnumerable<FieldError> Validate(V1JSONSchemaProps? schemaProps, bool statusEnabled, string at)
    {
        if (schemaProps is null) yield break;
        var schema = KubeJson.SerializeToNode(schemaProps)!.AsObject();
        if (statusEnabled)
        {
            var type = Str(schema, "type");
            if (type is { Length: > 0 } && type != "object")
                yield return FieldError.Invalid($"{at}.type", type, "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled");
            else if (schema.Select(p => p.Key).FirstOrDefault(k => !RootFieldsWithStatus.Contains(k)) is not null)
                yield return FieldError.Invalid(at, new GoValue("apiextensions.JSONSchemaProps{...}"),
                    "only [description type properties required x-kubernetes-validations] fields are allowed at the root of the schema if the status subresource is enabled");
        }
        if (Bool(schema, "nullable")) yield return FieldError.Forbidden($"{at}.nullable", "nullable cannot be true at the root");
        var structural = new List<FieldError>();
        Structural(schema, Level.Root, at, structural);
        foreach (var e in structural.OrderBy(e => e.ToString(), StringComparer.Ordinal)) yield return e;
        var openApi = new List<FieldError>();
        OpenApi(schema, at, openApi);
        foreach (var e in openApi) yield return e;
    }

    private static void Structural(JsonObject s, Level level, string at, List<FieldError> errors)
    {
        var type = Str(s, "type") ?? "";
        var items = s["items"] as JsonObject;
        if (type == "array" && items is null) errors.Add(FieldError.Required($"{at}.items", "must be specified"));
        if (items is not null) Structural(items, Level.Item, $"{at}.items", errors);
        foreach (var (name, property) in Properties(s)) Structural(property, Level.Field, $"{at}.properties[{name}]", errors);
        if (s["additionalProperties"] is { } additional)
        {
            if (level == Level.Root) errors.Add(FieldError.Forbidden($"{at}.additionalProperties", "must not be used at the root"));
            if (additional is JsonObject additionalSchema) Structural(additionalSchema, Level.Field, $"{at}.additionalProperties", errors);
        }
        var embedded = Bool(s, "x-kubernetes-embedded-resource");
        var intOrString = Bool(s, "x-kubernetes-int-or-string");
        var preserve = Bool(s, "x-kubernetes-preserve-unknown-fields");
        if (embedded && type != "object")
        {
            errors.Add(type.Length == 0
                ? FieldError.Required($"{at}.type", "must be object if x-kubernetes-embedded-resource is true")
                : FieldError.Invalid($"{at}.type", type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (type.Length == 0 && !intOrString && !preserve)
        {
            errors.Add(FieldError.Required($"{at}.type", level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }
        if (level == Level.Root && type.Length > 0 && type != "object") errors.Add(FieldError.Invalid($"{at}.type", type, "must be object at the root"));
        var checkMetadata = level == Level.Root || embedded;
        var props = s["properties"] as JsonObject;
        if (checkMetadata && props?["kind"] is JsonObject kind && Str(kind, "type") != "string")
            errors.Add(FieldError.Invalid($"{at}.properties[kind].type", Str(kind, "type") ?? "", "must be string"));
        if (checkMetadata && props?["apiVersion"] is JsonObject apiVersion && Str(apiVersion, "type") != "string")
            errors.Add(FieldError.Invalid($"{at}.properties[apiVersion].type", Str(apiVersion, "type") ?? "", "must be string"));
        if (props?["metadata"] is JsonObject metadata)
        {
            if (checkMetadata && Str(metadata, "type") != "object")
                errors.Add(FieldError.Invalid($"{at}.properties[metadata].type", Str(metadata, "type") ?? "", "must be object"));
            if (level == Level.Root && metadata.Any(p => p.Key is not ("type" or "description" or "properties")
                    || (p.Key == "properties" && p.Value is JsonObject mp && mp.Any(f => f.Key is not ("name" or "generateName")))))
                errors.Add(FieldError.Forbidden($"{at}.properties[metadata]", "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
        if (embedded && !preserve && Properties(s).Count == 0)
            errors.Add(FieldError.Required($"{at}.properties", "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
    }

    private static void OpenApi(JsonObject s, string at, List<FieldError> errors)
    {
        if (s["properties"] is JsonObject && s["additionalProperties"] is JsonObject)
            errors.Add(FieldError.Forbidden($"{at}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
        foreach (var (name, property) in Properties(s)) OpenApi(property, $"{at}.properties[{name}]", errors);
        if (s["additionalProperties"] is JsonObject additional) OpenApi(additional, $"{at}.additionalProperties", errors);
        if (s["items"] is JsonObject items) OpenApi(items, $"{at}.items", errors);
        if (Str(s, "type") is { Length: > 0 } type && !Types.Contains(type)) errors.Add(FieldError.NotSupported($"{at}.type", type, Types));
        if (Str(s, "pattern") is { } pattern)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern);
            }
            catch (ArgumentException e)
            {
                errors.Add(FieldError.Invalid($"{at}.pattern", pattern, $"must be a valid regular expression, but isn't: {e.Message}"));
            }
        }
    }

    /// <summary>The schema's properties, in key order (upstream walks a Go map; errors are sorted anyway).</summary>
    internal static List<(string Name, JsonObject Schema)> Properties(JsonObject s) =>
        s["properties"] is JsonObject props ? [.. props.Where(p => p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!)).OrderBy(p => p.Key, StringComparer.Ordinal)] : [];

    internal static string? Str(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    internal static bool Bool(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
