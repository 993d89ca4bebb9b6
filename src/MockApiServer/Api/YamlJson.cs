using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MockApiServer.Api;

/// <summary>YAML in and out, through the JSON tree: YAML 1.2 core-schema scalars, as sigs.k8s.io/yaml reads them.</summary>
public static class YamlJson
{
    public static JsonNode? ToJsonNode(byte[] yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Encoding.UTF8.GetString(yaml)));
        if (stream.Documents.Count == 0) return new JsonObject();
        if (stream.Documents.Count > 1) throw new FormatException("a single YAML document was expected");
        var budget = NodeBudget(yaml.Length);
        return Convert(stream.Documents[0].RootNode, 0, ref budget);
    }

    /// <summary>Every document of a multi-document YAML (or one JSON) file, for manifests.</summary>
    public static IReadOnlyList<JsonNode?> ToJsonNodes(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var budget = NodeBudget(text.Length);
        return stream.Documents.Select(d => Convert(d.RootNode, 0, ref budget)).ToList();
    }

    /// <summary>
    /// Aliases are expanded into copies, so a few bytes of anchors can stand for billions of nodes
    /// ("billion laughs"). Without aliases every node takes at least one byte of the text, so a
    /// document that expands past its own length is refused, as go-yaml refuses excessive aliasing.
    /// </summary>
    private static int NodeBudget(int textLength) => Math.Max(textLength, 1024);

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (depth > 256) throw new FormatException("the YAML document is nested too deeply");
        if (--budget < 0) throw new FormatException("yaml: document contains excessive aliasing");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : throw new FormatException("mapping keys must be scalars");
                    obj[name] = Convert(value, depth + 1, ref budget);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children) array.Add(Convert(item, depth + 1, ref budget));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new FormatException("unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit) && !text.Contains(' '))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    /// <summary>JSON bytes rendered as block YAML, keys in the order given, as kubectl -o yaml shows.</summary>
    public static string FromJson(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var sb = new StringBuilder();
        WriteValue(sb, doc.RootElement, 0, topLevel: true);
        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, JsonElement e, int indent, bool topLevel = false)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (!e.EnumerateObject().Any()) { sb.Append(" {}\n"); return; }
                if (!topLevel) sb.Append('\n');
                foreach (var p in e.EnumerateObject())
                {
                    sb.Append(' ', indent).Append(Key(p.Name)).Append(':');
                    WriteValue(sb, p.Value, indent + 2);
                }
                return;
            case JsonValueKind.Array:
                if (e.GetArrayLength() == 0) { sb.Append(" []\n"); return; }
                sb.Append('\n');
                foreach (var item in e.EnumerateArray())
                {
                    sb.Append(' ', Math.Max(indent - 2, 0)).Append("- ");
                    if (item.ValueKind == JsonValueKind.Object && item.EnumerateObject().Any())
                    {
                        var first = true;
                        foreach (var p in item.EnumerateObject())
                        {
                            if (!first) sb.Append(' ', indent);
                            first = false;
                            sb.Append(Key(p.Name)).Append(':');
                            WriteValue(sb, p.Value, indent + 2);
                        }
                    }
                    else
                    {
                        var inner = new StringBuilder();
                        WriteValue(inner, item, indent);
                        sb.Append(inner.ToString().TrimStart(' '));
                    }
                }
                return;
            default:
                sb.Append(' ').Append(ScalarText(e)).Append('\n');
                return;
        }
    }

    private static string Key(string name) => NeedsQuotes(name) ? Quote(name) : name;

    private static string ScalarText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => NeedsQuotes(e.GetString()!) ? Quote(e.GetString()!) : e.GetString()!,
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s != s.Trim() || s.IndexOfAny([':', '#', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '\n']) >= 0
        || s[0] is '-' or '?' || s is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off" or "True" or "False" or "Yes" or "No"
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Quote(string s) => s.Contains('\n') || s.Contains('"') || s.Contains('\\')
        ? JsonSerializer.Serialize(s)
        : "\"" + s + "\"";
}
