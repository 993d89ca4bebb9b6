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
