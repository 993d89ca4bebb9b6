using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MockApiServer.Resources.CustomResources;

/// <summary>
/// The JSONPath of an additionalPrinterColumn (client-go's jsonpath with missing keys allowed), for
/// the paths columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c>, <c>.a['x.y']</c> and filters
/// <c>[?(@.type=="Ready")]</c>. The first result is the cell, as the table convertor takes it.
/// </summary>
public sealed class ColumnJsonPath
{
    private readonly List<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps = [];

    private ColumnJsonPath() { }

    /// <summary>The parsed path; null when it is not one this parser reads (the cell is then empty).</summary>
    public static ColumnJsonPath? Parse(string path)
    {
        var p = new ColumnJsonPath();
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}')) text = text[1..^1];
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[')) i++;
                var name = text[start..i];
                if (name.Length == 0) return null;
                p._steps.Add(node => node is JsonObject o && o.TryGetPropertyValue(name, out var v) ? [v] : []);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0) return null;
                var inner = text[(i + 1)..end];
                if (inner.StartsWith("?(", StringComparison.Ordinal))
                {
                    end = text.IndexOf(")]", i, StringComparison.Ordinal);
                    if (end < 0) return null;
                    inner = text[(i + 3)..end];
                    end++;
                    if (Filter(inner) is not { } filter) return null;
                    p._steps.Add(node => node is JsonArray a ? a.Where(filter) : []);
                }
                else if (inner == "*") p._steps.Add(node => node switch { JsonArray a => a, JsonObject o => o.Select(kv => kv.Value), _ => [] });
                else if (inner.Length > 1 && inner[0] == '\'' && inner[^1] == '\'')
                {
                    var key = inner[1..^1];
                    p._steps.Add(node => node is JsonObject o && o.TryGetPropertyValue(key, out var v) ? [v] : []);
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                    p._steps.Add(node => node is JsonArray a && (index < 0 ? a.Count + index : index) is var at && at >= 0 && at < a.Count ? [a[at]] : []);
                else return null;
                i = end + 1;
            }
            else return null;
        }
        return p;
    }

    /// <summary><c>@.a.b=="x"</c> (or !=): compares the item's field with a quoted string or a number.</summary>
    private static Func<JsonNode?, bool>? Filter(string expression)
    {
        var negate = expression.Contains("!=", StringComparison.Ordinal);
        var parts = expression.Split(negate ? "!=" : "==", 2);
        if (parts.Length != 2 || !parts[0].Trim().StartsWith("@", StringComparison.Ordinal)) return null;
        var left = Parse(parts[0].Trim()[1..]);
        var right = parts[1].Trim().Trim('"', '\'');
        if (left is null) return null;
        return item =>
        {
            var value = left.First(item);
            var equal = value is not null && Text(value) == right;
            return negate ? !equal : equal;
        };
    }

    public IEnumerable<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps) current = current.SelectMany(step).ToList();
        return current;
    }

    public JsonNode? First(JsonNode? root) => Evaluate(root).FirstOrDefault();

    /// <summary>How jsonpath prints a value: strings bare, everything else as JSON.</summary>
    public static string Text(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
}
