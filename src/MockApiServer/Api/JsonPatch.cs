using System.Globalization;
using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test, with RFC 6901 pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonObject document, JsonArray operations)
    {
        JsonNode root = document.DeepClone();
        foreach (var opNode in operations)
        {
            if (opNode is not JsonObject op) throw new PatchException("json patch operations must be objects");
            var kind = op["op"]?.GetValue<string>() ?? throw new PatchException("json patch operation is missing \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw new PatchException($"json patch {kind} operation is missing \"path\"");
            switch (kind)
            {
                case "add": Add(ref root, path, Value(op)); break;
                case "remove": Remove(ref root, path); break;
                case "replace": Remove(ref root, path); Add(ref root, path, Value(op)); break;
                case "move":
                    {
                        var from = From(op);
                        var value = Get(root, from);
                        Remove(ref root, from);
                        Add(ref root, path, value);
                        break;
                    }
                case "copy": Add(ref root, path, Get(root, From(op))?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                        throw new PatchException($"testing value {path} failed: test failed");
                    break;
                default: throw new PatchException($"Unexpected kind: {kind}");
            }
        }
        return root;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new PatchException("json patch operation is missing \"value\"");

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw new PatchException("json patch operation is missing \"from\"");

    private static List<string> Split(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new PatchException($"JSON pointer must be empty or start with a \"/\": {pointer}");
        return pointer[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    private static JsonNode? Get(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var token in Split(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when Index(token, a.Count, allowEnd: false) is var i => a[i],
                _ => throw new PatchException($"missing value at path {pointer}"),
            };
        }
        return node;
    }

    private static void Add(ref JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Split(pointer);
        if (tokens.Count == 0) { root = value ?? throw new PatchException("cannot replace the document with null"); return; }
        var parent = Get(root, "/" + string.Join("/", tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a:
                var i = last == "-" ? a.Count : Index(last, a.Count, allowEnd: true);
                a.Insert(i, value);
                break;
            default: throw new PatchException($"doc is missing path: \"{pointer}\"");
        }
    }

    private static void Remove(ref JsonNode root, string pointer)
    {
        var tokens = Split(pointer);
        if (tokens.Count == 0) throw new PatchException("cannot remove the whole document");
        var parent = Get(root, "/" + string.Join("/", tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o.Remove(last); break;
            case JsonArray a: a.RemoveAt(Index(last, a.Count, allowEnd: false)); break;
            default: throw new PatchException($"Unable to remove nonexistent key: {last}: missing value");
        }
    }

    private static int Index(string token, int count, bool allowEnd)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i > count || (!allowEnd && i == count))
            throw new PatchException($"Unable to access invalid index: {token}: invalid index referenced");
        return i;
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
