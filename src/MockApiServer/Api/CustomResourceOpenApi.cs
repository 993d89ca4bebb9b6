using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// The OpenAPI v3 document of a custom resources' group-version, as apiextensions-apiserver's
/// builder makes it: each kind's schema from its CRD version (apiVersion, kind and metadata added,
/// x-kubernetes-group-version-kind set) beside its list, and the apimachinery meta schemas they
/// refer to, copied from the core document. Rebuilt when the registry changes.
/// </summary>
public sealed class CustomResourceOpenApi(ResourceRegistry registry)
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private readonly Lock _gate = new();
    private (IReadOnlyList<ResourceDefinition> From, Dictionary<string, (byte[] Json, string Hash)> Documents)? _built;

    /// <summary>The document for <paramref name="groupVersionPath"/> (/apis/group/version), or null when no custom kind is served there.</summary>
    public (byte[] Json, string Hash)? Get(OpenApiDocuments.OpenApiCache cache, string groupVersionPath)
    {
        var all = registry.All;
        lock (_gate)
        {
            if (_built is not { } built || !ReferenceEquals(built.From, all))
            {
                built = (all, []);
                _built = built;
            }
            if (built.Documents.TryGetValue(groupVersionPath, out var doc)) return doc;
            var kinds = all.Where(r => OpenApiDocuments.IsCustom(r) && r.GroupVersionPath == groupVersionPath).ToList();
            if (kinds.Count == 0) return null;
            var json = Encoding.UTF8.GetBytes(Document(kinds, CoreSchemas(cache)).ToJsonString());
            doc = (json, Convert.ToHexString(SHA512.HashData(json)));
            built.Documents[groupVersionPath] = doc;
            return doc;
        }
    }

    private static JsonObject CoreSchemas(OpenApiDocuments.OpenApiCache cache) =>
        JsonNode.Parse(cache.Get(OpenApiDocuments.DocumentName("/api/v1")).Json)!["components"]!["schemas"]!.AsObject();

    /// <summary>"com.example.v1.Website": the group reversed, as upstream names CRD definitions.</summary>
    public static string SchemaName(ResourceDefinition r) => string.Join('.', r.Group.Split('.').Reverse()) + $".{r.Version}.{r.Kind}";

    private static JsonObject Document(IReadOnlyList<ResourceDefinition> kinds, JsonObject core)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var r in kinds)
        {
            Paths(r, paths);
            var gvk = new JsonArray(new JsonObject { ["group"] = r.Group, ["kind"] = r.Kind, ["version"] = r.Version });
            var schema = r.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            var properties = schema["properties"] as JsonObject ?? [];
            schema.Remove("properties");
            var merged = new JsonObject
            {
                ["apiVersion"] = new JsonObject
                {
                    ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
                    ["type"] = "string",
                },
                ["kind"] = new JsonObject
                {
                    ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
                    ["type"] = "string",
                },
                ["metadata"] = new JsonObject
                {
                    ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{Meta}ObjectMeta" }),
                    ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                },
            };
            foreach (var (name, value) in properties.ToList())
            {
                properties.Remove(name);
                if (name is not ("apiVersion" or "kind" or "metadata")) merged[name] = value;
            }
            schema["properties"] = merged;
            schema["x-kubernetes-group-version-kind"] = gvk;
            schemas[SchemaName(r)] = schema;
            schemas[SchemaName(r) + "List"] = new JsonObject
            {
                ["description"] = $"{r.Kind}List is a list of {r.Kind}",
                ["type"] = "object",
                ["required"] = new JsonArray("items"),
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = merged["apiVersion"]!.DeepClone(),
                    ["items"] = new JsonObject
                    {
                        ["description"] = $"List of {r.Plural.ToLowerInvariant()}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md",
                        ["type"] = "array",
                        ["items"] = new JsonObject { ["$ref"] = $"#/components/schemas/{SchemaName(r)}" },
                    },
                    ["kind"] = merged["kind"]!.DeepClone(),
                    ["metadata"] = new JsonObject
                    {
                        ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{Meta}ListMeta" }),
                        ["description"] = "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
                    },
                },
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = r.Group, ["kind"] = r.Kind + "List", ["version"] = r.Version }),
            };
        }
        schemas[Meta + "Patch"] = new JsonObject { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." };
        foreach (var name in new[] { "ObjectMeta", "ListMeta", "Status" }) CopyWithReferences(core, schemas, Meta + name);
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes CRD Swagger", ["version"] = "v0.1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>
    /// The kind's operations, as kube-apiserver lists them for a CRD: what kubectl explain finds
    /// the kind by, and the patch types it accepts (no strategic merge, so kubectl falls back to merge).
    /// </summary>
    private static void Paths(ResourceDefinition r, JsonObject paths)
    {
        var scope = r.Namespaced ? "Namespaced" : "";
        var collection = r.Namespaced ? $"{r.GroupVersionPath}/namespaces/{{namespace}}/{r.Plural}" : $"{r.GroupVersionPath}/{r.Plural}";
        var item = new JsonObject();
        var list = new JsonObject();
        list["get"] = Operation(r, $"list{r.OperationGroup}{scope}{r.Kind}", "list", SchemaName(r) + "List", null);
        list["post"] = Operation(r, $"create{r.OperationGroup}{scope}{r.Kind}", "post", SchemaName(r), ["application/json", "application/yaml"]);
        item["get"] = Operation(r, $"read{r.OperationGroup}{scope}{r.Kind}", "get", SchemaName(r), null);
        item["put"] = Operation(r, $"replace{r.OperationGroup}{scope}{r.Kind}", "put", SchemaName(r), ["application/json", "application/yaml"]);
        item["patch"] = Operation(r, $"patch{r.OperationGroup}{scope}{r.Kind}", "patch", SchemaName(r), ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]);
        item["delete"] = Operation(r, $"delete{r.OperationGroup}{scope}{r.Kind}", "delete", Meta + "Status", null);
        paths[collection] = list;
        paths[collection + "/{name}"] = item;
    }

    private static JsonObject Operation(ResourceDefinition r, string id, string action, string response, string[]? bodyTypes)
    {
        JsonObject Content(IEnumerable<string> types, JsonObject schema) => new(types.Select(t => KeyValuePair.Create(t, (JsonNode?)new JsonObject { ["schema"] = schema.DeepClone() })));
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{response}" };
        var op = new JsonObject
        {
            ["tags"] = new JsonArray((JsonNode)r.OperationGroup),
            ["operationId"] = id,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Content(["application/json", "application/yaml"], reference) } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
        };
        if (bodyTypes is not null)
        {
            var body = action == "patch" ? new JsonObject { ["$ref"] = $"#/components/schemas/{Meta}Patch" } : reference;
            op["requestBody"] = new JsonObject { ["content"] = Content(bodyTypes, body), ["required"] = true };
        }
        return op;
    }

    /// <summary>Copies a core schema and every schema it refers to, transitively.</summary>
    private static void CopyWithReferences(JsonObject from, JsonObject to, string name)
    {
        if (to.ContainsKey(name) || from[name] is not JsonObject schema) return;
        to[name] = schema.DeepClone();
        foreach (var reference in References(schema)) CopyWithReferences(from, to, reference);
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        yield return text["#/components/schemas/".Length..];
                    else foreach (var r in References(value)) yield return r;
                }
                break;
            case JsonArray a:
                foreach (var item in a) foreach (var r in References(item)) yield return r;
                break;
        }
    }
}
