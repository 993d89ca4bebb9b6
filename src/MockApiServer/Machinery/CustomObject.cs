using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// The model type of every custom resource (unstructured.Unstructured upstream): type meta and
/// object meta typed, so the generic pipeline's metadata rules apply as to any kind, and
/// everything else (spec, status, any other top-level field) kept as JSON, its shape given by the
/// CustomResourceDefinition's schema rather than by a class.
/// </summary>
[JsonConverter(typeof(CustomObjectConverter))]
public sealed class CustomObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The fields beside apiVersion, kind and metadata, in the order they came.</summary>
    public JsonObject? Content { get; set; }

    public JsonNode? this[string field]
    {
        get => Content?[field];
        set
        {
            Content ??= [];
            if (value is null) Content.Remove(field);
            else Content[field] = value;
        }
    }
}

/// <summary>apiVersion, kind and metadata first, then the content's fields as they came.</summary>
public sealed class CustomObjectConverter : JsonConverter<CustomObject>
{
    public override CustomObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject tree) throw new JsonException("a custom resource must be a JSON object");
        var obj = new CustomObject
        {
            ApiVersion = tree["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var apiVersion) ? apiVersion : "",
            Kind = tree["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) ? kind : "",
            Metadata = tree["metadata"] is JsonObject meta ? meta.Deserialize<V1ObjectMeta>(options) ?? new() : new(),
        };
        tree.Remove("apiVersion");
        tree.Remove("kind");
        tree.Remove("metadata");
        obj.Content = tree.Count > 0 ? tree : null;
        return obj;
    }

    public override void Write(Utf8JsonWriter writer, CustomObject value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", value.ApiVersion);
        writer.WriteString("kind", value.Kind);
        writer.WritePropertyName("metadata");
        JsonSerializer.Serialize(writer, value.Metadata, options);
        foreach (var (name, field) in value.Content ?? [])
        {
            if (name is "apiVersion" or "kind" or "metadata") continue;
            writer.WritePropertyName(name);
            if (field is null) writer.WriteNullValue();
            else field.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}
