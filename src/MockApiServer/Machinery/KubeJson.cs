using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;

namespace MockApiServer.Machinery;

/// <summary>
/// JSON exactly as kube-apiserver writes it: the official client's settings (camelCase, nulls
/// omitted, IntOrString and Quantity converters) with RFC 3339 timestamps at whole seconds.
/// </summary>
public static class KubeJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        // The client keeps its tuned options private; copying them keeps every model converter.
        var field = typeof(KubernetesJson).GetField("JsonSerializerOptions", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("KubernetesClient no longer exposes its JSON options.");
        var options = new JsonSerializerOptions((JsonSerializerOptions)field.GetValue(null)!);
        options.Converters.Insert(0, new Rfc3339DateTimeConverter());
        options.Converters.Insert(0, new Rfc3339NullableDateTimeConverter());
        options.Converters.Insert(0, new StatusConverter());
        options.Converters.Insert(0, new InterningStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] SerializeToUtf8Bytes(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static JsonNode? SerializeToNode(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Options);

    public static object? Deserialize(ReadOnlySpan<byte> json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    public static object? Deserialize(JsonNode node, Type type) => node.Deserialize(type, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, Options)!;

    /// <summary>A deep copy through the wire form, so stored objects are never shared mutably.</summary>
    public static T Clone<T>(T value) where T : notnull => (T)Deserialize(SerializeToUtf8Bytes(value), value.GetType())!;

    internal static string FormatTime(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    internal static DateTime ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    /// <summary>The client's V1Status converter only reads; the server must write Status bodies.</summary>
    private sealed class StatusConverter : JsonConverter<k8s.Models.V1Status>
    {
        public override k8s.Models.V1Status? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new k8s.Models.V1Status
            {
                ApiVersion = Str("apiVersion"),
                Kind = Str("kind"),
                Status = Str("status"),
                Message = Str("message"),
                Reason = Str("reason"),
                Code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
                Details = root.TryGetProperty("details", out var d) ? d.Deserialize<k8s.Models.V1StatusDetails>(options) : null,
                Metadata = root.TryGetProperty("metadata", out var m) ? m.Deserialize<k8s.Models.V1ListMeta>(options) : null,
            };
        }

        public override void Write(Utf8JsonWriter writer, k8s.Models.V1Status value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", value.Kind ?? "Status");
            writer.WriteString("apiVersion", value.ApiVersion ?? "v1");
            writer.WritePropertyName("metadata");
            JsonSerializer.Serialize(writer, value.Metadata ?? new k8s.Models.V1ListMeta(), options);
            if (value.Status is not null) writer.WriteString("status", value.Status);
            if (value.Message is not null) writer.WriteString("message", value.Message);
            if (value.Reason is not null) writer.WriteString("reason", value.Reason);
            if (value.Details is not null)
            {
                writer.WritePropertyName("details");
                JsonSerializer.Serialize(writer, value.Details, options);
            }
            if (value.Code is not null) writer.WriteNumber("code", value.Code.Value);
            writer.WriteEndObject();
        }
    }

    private sealed class Rfc3339DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ParseTime(reader.GetString() ?? throw new JsonException("expected a timestamp"));

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatTime(value));
    }

    private sealed class Rfc3339NullableDateTimeConverter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : ParseTime(reader.GetString() ?? throw new JsonException("expected a timestamp"));

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(FormatTime(value.Value));
        }
    }
}
