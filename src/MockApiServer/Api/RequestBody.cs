using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Reads a request body as kube-apiserver does: at most 3 MiB, JSON or YAML, the kind and
/// apiVersion checked against the URL (and filled in when missing), unknown fields handled per
/// fieldValidation.
/// </summary>
public static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxBytes) throw StatusErrors.RequestEntityTooLarge(MaxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw StatusErrors.RequestEntityTooLarge(MaxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The media type without parameters, lower-cased ("application/json" when absent).</summary>
    public static string MediaType(HttpContext ctx)
    {
        var contentType = ctx.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType)) return "application/json";
        var semi = contentType.IndexOf(';');
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }

    /// <summary>Parses a JSON or YAML body into a JSON tree.</summary>
    public static JsonNode ParseTree(byte[] body, string mediaType, ResourceDefinition resource) =>
        mediaType == ProtobufBody.MediaType ? ProtobufBody.ParseTree(body, resource) : ParseTree(body, mediaType, BodyTypes(resource));

    /// <summary>Parses a JSON, YAML or protobuf body into a JSON object (for bodies of kinds outside the registry: DeleteOptions, Binding, Eviction).</summary>
    public static JsonNode ParseTree(byte[] body, string mediaType) =>
        mediaType == ProtobufBody.MediaType ? ProtobufBody.ParseTree(body, null) : ParseTree(body, mediaType, BuiltInBodyTypes);

    /// <summary>The body types of the built-in kinds, in the order kube-apiserver lists them in its 415.</summary>
    public static readonly IReadOnlyList<string> BuiltInBodyTypes = ["application/json", "application/yaml", ProtobufBody.MediaType];

    private static readonly IReadOnlyList<string> JsonBodyTypes = ["application/json", "application/yaml"];

    /// <summary>What a kind's bodies may be: ours, like a CRD's, have no protobuf form.</summary>
    public static IReadOnlyList<string> BodyTypes(ResourceDefinition resource) =>
        Protobuf.ProtoSchema.MessageOf(resource) is null ? JsonBodyTypes : BuiltInBodyTypes;

    private static JsonNode ParseTree(byte[] body, string mediaType, IReadOnlyList<string> accepted)
    {
        JsonNode? node;
        try
        {
            node = mediaType switch
            {
                "application/json" => JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }),
                "application/yaml" or "application/x-yaml" or "text/yaml" => YamlJson.ToJsonNode(body),
                _ => throw StatusErrors.UnsupportedMediaType(accepted),
            };
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
        {
            throw StatusErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
        if (node is not JsonObject)
            throw NotAnObject(JsonTypeName(node));
        return node;
    }

    /// <summary>
    /// Decodes the body into the kind's model type. Returns the warnings to send back when
    /// fieldValidation is Warn.
    /// </summary>
    public static async Task<(IKubernetesObject<V1ObjectMeta> Object, IReadOnlyList<string> Warnings)> ReadObjectAsync(HttpContext ctx, ResourceDefinition resource)
    {
        var mediaType = MediaType(ctx);
        var mode = Query.FieldValidationMode(ctx);
        var body = await ReadBytesAsync(ctx).ConfigureAwait(false);
        if (mediaType == ProtobufBody.MediaType) return Decode((JsonObject)ProtobufBody.ParseTree(body, resource), resource, FieldValidation.Ignore);
        if (mediaType == "application/json") return DecodeJson(body, resource, mode);
        var tree = (JsonObject)ParseTree(body, mediaType, resource);
        return Decode(tree, resource, mode);
    }

    /// <summary>
    /// A JSON body decoded once: a read-only document for its kind and unknown fields, then the
    /// model straight from the bytes (no mutable tree, no round trip through one). Errors as
    /// <see cref="ParseTree(byte[], string)"/> and <see cref="Decode"/> give them.
    /// </summary>
    public static (IKubernetesObject<V1ObjectMeta> Object, IReadOnlyList<string> Warnings) DecodeJson(byte[] body, ResourceDefinition resource, FieldValidation mode)
    {
        IReadOnlyList<string> unknown;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw NotAnObject(JsonTypeName(root.ValueKind));
            var kind = root.TryGetProperty("kind", out var k) ? k : default;
            var apiVersion = root.TryGetProperty("apiVersion", out var a) ? a : default;
            if (kind.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String)
                || apiVersion.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
                throw StatusErrors.BadRequest("couldn't get version/kind; json parse error: kind and apiVersion must be strings");
            CheckTypeMeta(apiVersion.ValueKind == JsonValueKind.String ? apiVersion.GetString() : null, kind.ValueKind == JsonValueKind.String ? kind.GetString() : null, resource);
            unknown = mode == FieldValidation.Ignore ? [] : UnknownFields.Find(root, resource);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
        return ToModel(() => KubeJson.Deserialize(body, resource.ModelType), resource, mode, unknown);
    }

    public static (IKubernetesObject<V1ObjectMeta> Object, IReadOnlyList<string> Warnings) Decode(JsonObject tree, ResourceDefinition resource, FieldValidation mode)
    {
        CheckTypeMeta(tree, resource);
        var unknown = mode == FieldValidation.Ignore ? [] : UnknownFields.Find(JsonSerializer.SerializeToElement(tree), resource);
        return ToModel(() => KubeJson.Deserialize(tree, resource.ModelType), resource, mode, unknown);
    }

    /// <summary>The decoded model with its type meta set, after the strict-mode refusal of unknown fields; the warnings for Warn.</summary>
    private static (IKubernetesObject<V1ObjectMeta> Object, IReadOnlyList<string> Warnings) ToModel(Func<object?> deserialize, ResourceDefinition resource,
        FieldValidation mode, IReadOnlyList<string> unknown)
    {
        var texts = unknown.Select(u => $"unknown field \"{u}\"").ToList();
        if (texts.Count > 0 && mode == FieldValidation.Strict) throw StatusErrors.BadRequest("strict decoding error: " + string.Join(", ", texts));
        try
        {
            var obj = (IKubernetesObject<V1ObjectMeta>?)deserialize() ?? throw StatusErrors.BadRequest("the request body is empty");
            obj.ApiVersion = resource.ApiVersion;
            obj.Kind = resource.Kind;
            obj.Metadata ??= new V1ObjectMeta();
            return (obj, texts);
        }
        // NotSupportedException: the client's IntOrString and Quantity converters refuse arrays and objects that way.
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or InvalidCastException or OverflowException or NotSupportedException)
        {
            throw StatusErrors.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {e.Message}");
        }
    }

    /// <summary>The body's kind and apiVersion, when given (or, for apply, always), must be the URL's.</summary>
    public static void CheckTypeMeta(JsonObject tree, ResourceDefinition resource, bool requireBoth = false) =>
        CheckTypeMeta(tree, resource.ApiVersion, resource.Kind, requireBoth);

    public static void CheckTypeMeta(JsonObject tree, string expectedApiVersion, string expectedKind, bool requireBoth = false)
    {
        var kind = tree["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        var apiVersion = tree["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        if (tree["kind"] is not null and not JsonValue || tree["apiVersion"] is not null and not JsonValue)
            throw StatusErrors.BadRequest("couldn't get version/kind; json parse error: kind and apiVersion must be strings");
        if (requireBoth && (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(apiVersion)))
            throw StatusErrors.BadRequest("invalid object type: apply patches must set apiVersion and kind");
        CheckTypeMeta(apiVersion, kind, expectedApiVersion, expectedKind);
    }

    public static void CheckTypeMeta(string? apiVersion, string? kind, ResourceDefinition resource) =>
        CheckTypeMeta(apiVersion, kind, resource.ApiVersion, resource.Kind);

    public static void CheckTypeMeta(string? apiVersion, string? kind, string expectedApiVersion, string expectedKind)
    {
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != expectedApiVersion)
            throw StatusErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expectedApiVersion})");
        if (!string.IsNullOrEmpty(kind) && kind != expectedKind)
            throw StatusErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({expectedKind})");
    }

    /// <summary>What Go's decoder says when the body is valid JSON but not an object.</summary>
    private static ApiException NotAnObject(string jsonType) =>
        StatusErrors.BadRequest($"couldn't get version/kind; json parse error: json: cannot unmarshal {jsonType} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}");

    private static string JsonTypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    private static string JsonTypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "number",
        _ => "bool",
    };
}
