using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MockApiServer.Api.Protobuf;

/// <summary>
/// Kubernetes' protobuf envelope: the magic "k8s\0", then a runtime.Unknown {1 typeMeta
/// {1 apiVersion, 2 kind}, 2 raw (the object's own message), 3 contentEncoding, 4 contentType}.
/// </summary>
internal static class ProtobufEnvelope
{
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>The envelope's type meta and its raw bytes.</summary>
    /// <exception cref="InvalidProtocolBufferException">Malformed bytes.</exception>
    public static (string ApiVersion, string Kind, byte[]? Raw, string ContentEncoding) Open(ReadOnlySpan<byte> bytes)
    {
        var input = new CodedInputStream(bytes[Magic.Length..].ToArray());
        string apiVersion = "", kind = "", contentEncoding = "";
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    var meta = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint metaTag;
                    while ((metaTag = meta.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(metaTag))
                        {
                            case 1: apiVersion = meta.ReadString(); break;
                            case 2: kind = meta.ReadString(); break;
                            default: meta.SkipLastField(); break;
                        }
                    }
                    break;
                case 2: raw = input.ReadBytes().ToByteArray(); break;
                case 3: contentEncoding = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (apiVersion, kind, raw, contentEncoding);
    }

    /// <summary>An enveloped object as its JSON (kind and apiVersion first, as Go writes them); raw JSON for a kind with no message.</summary>
    public static JsonNode? DecodeToJson(ReadOnlySpan<byte> bytes)
    {
        var (apiVersion, kind, raw, _) = Open(bytes);
        var message = ProtoSchema.MessageOf(apiVersion, kind) ?? throw new FormatException($"no protobuf message is known for {kind} in {apiVersion}");
        return WithTypeMeta(ProtobufJson.Decode(message, raw ?? []), apiVersion, kind);
    }

    public static JsonObject WithTypeMeta(JsonObject body, string apiVersion, string kind)
    {
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        foreach (var (name, value) in body.ToList())
        {
            if (name is "kind" or "apiVersion") continue;
            body.Remove(name);
            obj[name] = value;
        }
        return obj;
    }

    /// <summary>The envelope around an object's message, as kube-apiserver writes a protobuf response.</summary>
    public static byte[] Seal(string apiVersion, string kind, ReadOnlySpan<byte> raw)
    {
        var meta = new ProtoWriter();
        meta.StringField(1, apiVersion);
        meta.StringField(2, kind);
        var w = new ProtoWriter();
        w.Raw(Magic);
        w.BytesField(1, meta.Written);
        w.BytesField(2, raw);
        w.StringField(3, "");
        w.StringField(4, "");
        return w.ToArray();
    }

    /// <summary>A JSON object (with its kind and apiVersion) in the envelope; null when its kind has no message.</summary>
    public static byte[]? Encode(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        return ProtoSchema.MessageOf(apiVersion, kind) is { } message ? Seal(apiVersion, kind, ProtobufJson.Encode(message, obj)) : null;
    }
}
