using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MockApiServer.Api;

/// <summary>
/// Kubernetes' schema extensions on the generated component schemas: the kinds'
/// x-kubernetes-group-version-kind, and on every list the x-kubernetes-patch-strategy /
/// x-kubernetes-patch-merge-key that our strategic merge patch uses (kubectl builds its patches
/// from them, so they must agree).
/// </summary>
public sealed class KubeSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s) return;
        var type = context.Type;
        s.Description = Tidy(s.Description);
        foreach (var p in (s.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>()) p.Description = Tidy(p.Description);
        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && !string.IsNullOrEmpty(entity.Kind))
        {
            s.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            s.Extensions["x-kubernetes-group-version-kind"] = new JsonNodeExtension(new JsonArray(new JsonObject
            {
                ["group"] = entity.Group ?? "",
                ["kind"] = entity.Kind,
                ["version"] = entity.ApiVersion,
            }));
        }
        if (s.Properties is null) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null || !s.Properties.TryGetValue(name, out var propertySchema) || propertySchema is not OpenApiSchema ps) continue;
            var (strategy, mergeKey) = PatchStrategies.For(type, name);
            if (strategy is null && mergeKey is null) continue;
            ps.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            if (strategy is not null) ps.Extensions["x-kubernetes-patch-strategy"] = new JsonNodeExtension(JsonValue.Create(strategy));
            if (mergeKey is not null) ps.Extensions["x-kubernetes-patch-merge-key"] = new JsonNodeExtension(JsonValue.Create(mergeKey));
        }
    }

    private static readonly HashSet<string> MetaTypes =
        ["ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "Status", "StatusDetails", "StatusCause", "LabelSelector", "LabelSelectorRequirement", "DeleteOptions", "Preconditions", "Condition", "WatchEvent"];

    /// <summary>
    /// Schema ids in Kubernetes' style (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta),
    /// so kubectl explain prints "Container", not the client's "V1Container".
    /// </summary>
    public static string SchemaId(Type type)
    {
        if (type.IsGenericType) return type.Name.Split('`')[0] + string.Concat(type.GetGenericArguments().Select(SchemaId));
        var match = System.Text.RegularExpressions.Regex.Match(type.Name, "^(?:(Core|Discovery|Events)?(v\\d+(?:alpha\\d+|beta\\d+)?)|V(\\d+(?:alpha\\d+|beta\\d+)?))(?<name>[A-Z].*)$");
        // Our own kinds (mockapi.dev) are named the way CRD schemas are: the group reversed.
        if (type.Namespace?.StartsWith("MockApiServer.", StringComparison.Ordinal) == true) return $"dev.mockapi.v1.{type.Name}";
        if (!match.Success) return type.Name;
        var name = match.Groups["name"].Value;
        var version = match.Groups[2].Success ? match.Groups[2].Value : "v" + match.Groups[3].Value;
        if (MetaTypes.Contains(name)) return $"io.k8s.apimachinery.pkg.apis.meta.{version}.{name}";
        var group = type.GetCustomAttribute<KubernetesEntityAttribute>() is { Group.Length: > 0 } entity ? entity.Group.Split('.')[0]
            : match.Groups[1].Success && match.Groups[1].Value.Length > 0 ? match.Groups[1].Value.ToLowerInvariant() : "core";
        return $"io.k8s.api.{group}.{version}.{name}";
    }

    /// <summary>The client's XML docs wrap lines; Kubernetes' descriptions are single paragraphs.</summary>
    private static string? Tidy(string? text) =>
        text is null ? null : System.Text.RegularExpressions.Regex.Replace(text.Trim(), "[ \\t]*\\r?\\n[ \\t]*", " ");
}
