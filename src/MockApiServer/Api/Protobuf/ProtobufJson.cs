using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MockApiServer.Api.Protobuf;

/// <summary>
/// The one codec between Kubernetes' protobuf messages and their JSON, driven by
/// <see cref="ProtoSchema"/>: a message decodes to the JSON object Go's encoding/json would write
/// for the same Go struct, and a JSON object encodes to the message go-to-protobuf would write.
/// The types with their own JSON form (Time, MicroTime, Duration, Quantity, IntOrString,
/// RawExtension, FieldsV1) are converted here by name.
/// </summary>
internal static class ProtobufJson
{
    private const string Time = ProtoSchema.Meta + "Time";
    private const string MicroTime = ProtoSchema.Meta + "MicroTime";
    private const string Duration = ProtoSchema.Meta + "Duration";
    private const string FieldsV1 = ProtoSchema.Meta + "FieldsV1";
    private const string Quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private const string IntOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private const string RawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension";

    // ---- decoding ----

    /// <exception cref="InvalidProtocolBufferException">Malformed bytes.</exception>
    /// <exception cref="FormatException">A field of the wrong wire type.</exception>
    public static JsonObject Decode(string message, ReadOnlySpan<byte> bytes)
    {
        var obj = new JsonObject();
        DecodeInto(obj, message, new CodedInputStream(bytes.ToArray()));
        return obj;
    }

    private static void DecodeInto(JsonObject obj, string message, CodedInputStream input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var wire = WireFormat.GetTagWireType(tag);
            var field = ProtoSchema.Field(message, number);
            if (field is null)
            {
                input.SkipLastField();
                continue;
            }
            if (field.Has(ProtoFlags.Inline))
            {
                Expect(field, wire, WireFormat.WireType.LengthDelimited);
                DecodeInto(obj, field.Message!, new CodedInputStream(input.ReadBytes().ToByteArray()));
                continue;
            }
            switch (field.Label)
            {
                case ProtoLabel.Map:
                    Expect(field, wire, WireFormat.WireType.LengthDelimited);
                    var (key, value) = MapEntry(field, new CodedInputStream(input.ReadBytes().ToByteArray()));
                    var map = obj[field.JsonName] as JsonObject ?? (JsonObject)(obj[field.JsonName] = new JsonObject());
                    map[key] = value;
                    break;
                case ProtoLabel.Repeated:
                    var list = obj[field.JsonName] as JsonArray ?? (JsonArray)(obj[field.JsonName] = new JsonArray());
                    if (field.Kind is not (ProtoKind.String or ProtoKind.Bytes or ProtoKind.Message) && wire == WireFormat.WireType.LengthDelimited)
                    {
                        var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                        while (!packed.IsAtEnd) list.Add(Scalar(field, packed));
                    }
                    else list.Add(Value(field, wire, input));
                    break;
                default:
                    var single = Value(field, wire, input);
                    if (single is null || (!field.Has(ProtoFlags.Pointer) && field.Has(ProtoFlags.OmitEmpty) && IsZero(single)))
                    {
                        obj.Remove(field.JsonName);
                        break;
                    }
                    obj[field.JsonName] = single;
                    break;
            }
        }
    }

    private static (string Key, JsonNode? Value) MapEntry(ProtoField field, CodedInputStream entry)
    {
        string key = "";
        JsonNode? value = field.Kind == ProtoKind.Message ? null : JsonValue.Create("");
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = entry.ReadString(); break;
                case 2: value = Value(field, WireFormat.GetTagWireType(tag), entry); break;
                default: entry.SkipLastField(); break;
            }
        }
        return (key, value);
    }

    private static bool IsZero(JsonNode node) => node is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonValueKind.False => true,
        JsonValueKind.Number => v.ToJsonString() == "0",
        _ => false,
    };

    private static JsonNode? Value(ProtoField field, WireFormat.WireType wire, CodedInputStream input)
    {
        if (field.Kind != ProtoKind.Message) return Scalar(field, wire, input);
        Expect(field, wire, WireFormat.WireType.LengthDelimited);
        var bytes = input.ReadBytes().ToByteArray();
        return Special(field.Message!, bytes) is { } special ? special.Node : Decode(field.Message!, bytes);
    }

    private static JsonNode? Scalar(ProtoField field, WireFormat.WireType wire, CodedInputStream input)
    {
        var expected = field.Kind switch
        {
            ProtoKind.String or ProtoKind.Bytes => WireFormat.WireType.LengthDelimited,
            ProtoKind.Double => WireFormat.WireType.Fixed64,
            ProtoKind.Float => WireFormat.WireType.Fixed32,
            _ => WireFormat.WireType.Varint,
        };
        Expect(field, wire, expected);
        return Scalar(field, input);
    }

    private static JsonNode Scalar(ProtoField field, CodedInputStream input) => field.Kind switch
    {
        ProtoKind.String => JsonValue.Create(input.ReadString()),
        ProtoKind.Bytes => JsonValue.Create(Convert.ToBase64String(input.ReadBytes().Span)),
        ProtoKind.Bool => JsonValue.Create(input.ReadBool()),
        ProtoKind.Int32 => JsonValue.Create(input.ReadInt32()),
        ProtoKind.Int64 => JsonValue.Create(input.ReadInt64()),
        ProtoKind.Double => JsonValue.Create(input.ReadDouble()),
        ProtoKind.Float => JsonValue.Create(input.ReadFloat()),
        _ => throw new FormatException($"field {field.Number} is not a scalar"),
    };

    private static void Expect(ProtoField field, WireFormat.WireType actual, WireFormat.WireType expected)
    {
        if (actual != expected) throw new FormatException($"field {field.JsonName} ({field.Number}) has wire type {actual}, expected {expected}");
    }

    /// <summary>The JSON of a type with its own JSON form; null for an ordinary message. Node null means JSON null.</summary>
    private static (JsonNode? Node, bool)? Special(string message, byte[] bytes)
    {
        switch (message)
        {
            case Time or MicroTime:
                var (seconds, nanos) = (Long(bytes, 1), (int)Long(bytes, 2));
                if (seconds == 0 && nanos == 0) return (null, true);
                var at = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
                return (JsonValue.Create(at.ToString(message == Time ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)), true);
            case Duration:
                return (JsonValue.Create(DurationText.Format(Long(bytes, 1))), true);
            case Quantity:
                return (JsonValue.Create(Text(bytes, 1) ?? ""), true);
            case IntOrString:
                return Long(bytes, 1) switch
                {
                    0 => (JsonValue.Create((int)Long(bytes, 2)), true),
                    1 => (JsonValue.Create(Text(bytes, 3) ?? ""), true),
                    var t => throw new FormatException($"impossible IntOrString type {t}"),
                };
            case FieldsV1 or RawExtension:
                var raw = Bytes(bytes, 1);
                if (raw is null || raw.Length == 0) return (null, true);
                if (ProtobufEnvelope.HasMagic(raw)) return (ProtobufEnvelope.DecodeToJson(raw), true);
                return (JsonNode.Parse(raw), true);
            default:
                return null;
        }
    }

    private static long Long(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        long value = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint) value = input.ReadInt64();
            else input.SkipLastField();
        }
        return value;
    }

    private static byte[]? Bytes(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        byte[]? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited) value = input.ReadBytes().ToByteArray();
            else input.SkipLastField();
        }
        return value;
    }

    private static string? Text(byte[] message, int number) => Bytes(message, number) is { } b ? Encoding.UTF8.GetString(b) : null;

    // ---- encoding ----

    /// <exception cref="FormatException">A JSON value that does not fit its field.</exception>
    public static byte[] Encode(string message, JsonObject obj)
    {
        var w = new ProtoWriter();
        EncodeInto(w, message, obj);
        return w.ToArray();
    }

    private static void EncodeInto(ProtoWriter w, string message, JsonObject obj)
    {
        foreach (var field in ProtoSchema.Fields(message).OrderBy(f => f.Number))
        {
            if (field.Has(ProtoFlags.Inline))
            {
                w.BytesField(field.Number, Encode(field.Message!, obj));
                continue;
            }
            var value = obj[field.JsonName];
            if (value is null) continue;
            switch (field.Label)
            {
                case ProtoLabel.Map:
                    if (value is not JsonObject map) throw new FormatException($"{field.JsonName}: expected an object");
                    foreach (var (key, item) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        var entry = new ProtoWriter();
                        entry.StringField(1, key);
                        if (item is not null) EncodeValue(entry, field, 2, item);
                        w.BytesField(field.Number, entry.Written);
                    }
                    break;
                case ProtoLabel.Repeated:
                    if (value is not JsonArray array) throw new FormatException($"{field.JsonName}: expected an array");
                    foreach (var item in array)
                        if (item is not null) EncodeValue(w, field, field.Number, item);
                    break;
                default:
                    EncodeValue(w, field, field.Number, value);
                    break;
            }
        }
    }

    private static void EncodeValue(ProtoWriter w, ProtoField field, int number, JsonNode value)
    {
        switch (field.Kind)
        {
            case ProtoKind.String: w.StringField(number, value.GetValue<string>()); break;
            case ProtoKind.Bytes: w.BytesField(number, Convert.FromBase64String(value.GetValue<string>())); break;
            case ProtoKind.Bool: w.VarintField(number, value.GetValue<bool>() ? 1 : 0); break;
            case ProtoKind.Int32: w.VarintField(number, Number(value, field)); break;
            case ProtoKind.Int64: w.VarintField(number, Number(value, field)); break;
            case ProtoKind.Double: w.DoubleField(number, value.GetValue<double>()); break;
            case ProtoKind.Float: w.FloatField(number, value.GetValue<float>()); break;
            default: w.BytesField(number, EncodeMessage(field.Message!, value)); break;
        }
    }

    private static long Number(JsonNode value, ProtoField field) =>
        value is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : value is JsonValue d && d.TryGetValue<double>(out var x) && x == Math.Floor(x) ? (long)x
        : throw new FormatException($"{field.JsonName}: expected an integer");

    private static byte[] EncodeMessage(string message, JsonNode value)
    {
        var w = new ProtoWriter();
        switch (message)
        {
            case Time or MicroTime:
                var at = DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
                var ticks = at.Ticks - DateTime.UnixEpoch.Ticks;
                w.VarintField(1, Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest));
                if (rest != 0) w.VarintField(2, rest * 100);
                break;
            case Duration:
                w.VarintField(1, DurationText.Parse(value.GetValue<string>()));
                break;
            case Quantity:
                w.StringField(1, value is JsonValue q && q.TryGetValue<string>(out var text) ? text : value.ToJsonString());
                break;
            case IntOrString:
                if (value is JsonValue s && s.TryGetValue<string>(out var str))
                {
                    w.VarintField(1, 1);
                    w.StringField(3, str);
                }
                else
                {
                    w.VarintField(1, 0);
                    w.VarintField(2, Number(value, new ProtoField(2, "intVal", ProtoLabel.Optional, ProtoKind.Int32, null, ProtoFlags.None)));
                }
                break;
            case FieldsV1 or RawExtension:
                w.BytesField(1, Encoding.UTF8.GetBytes(value.ToJsonString()));
                break;
            default:
                if (value is not JsonObject obj) throw new FormatException($"expected an object for {message}");
                EncodeInto(w, message, obj);
                break;
        }
        return w.ToArray();
    }
}
