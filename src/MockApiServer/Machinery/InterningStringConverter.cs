using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MockApiServer.Machinery;

/// <summary>
/// Reads short JSON strings (and dictionary keys) through a shared pool, so the thousands of
/// cached objects that say "True", "Running", "TCP", "default-scheduler", an image name or a label
/// key hold one string each instead of a copy per object: most of a Kubernetes object's strings
/// repeat across objects. The pool is bounded; once full, new strings are read as usual. Writing
/// is the stock string converter's.
/// </summary>
public sealed class InterningStringConverter : JsonConverter<string>
{
    /// <summary>Strings longer than this (UTF-8 bytes) are rarely shared: container IDs, messages of one object.</summary>
    public const int MaxLength = 128;

    /// <summary>Bounds what unique strings (names, UIDs) can pin in the pool.</summary>
    public const int MaxEntries = 100_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Pool.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int _entries;

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Intern(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Intern(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Intern(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) throw new JsonException($"Expected a string, got {reader.TokenType}.");
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        Span<char> chars = stackalloc char[MaxLength];
        int length;
        try
        {
            length = StrictUtf8.GetChars(reader.ValueSpan, chars);
        }
        catch (DecoderFallbackException)
        {
            return reader.GetString()!; // throws the reader's own error for invalid UTF-8
        }
        var text = chars[..length];
        if (Lookup.TryGetValue(text, out var pooled)) return pooled;
        var value = new string(text);
        // ConcurrentDictionary.Count takes every lock: the pool counts its own entries.
        if (Volatile.Read(ref _entries) >= MaxEntries) return value;
        var added = Pool.GetOrAdd(value, value);
        if (ReferenceEquals(added, value)) Interlocked.Increment(ref _entries);
        return added;
    }
}
