using System.Text.Json.Nodes;

namespace MockApiServer.Machinery.FieldManagement;

/// <summary>
/// The value side of structured-merge-diff on JSON trees, driven by <see cref="FieldSchema"/>:
/// the field set a value holds (typed.ToFieldSet), merging an applied configuration into the
/// live object, removing fields, and comparing two objects (typed.Compare).
/// </summary>
public static class StructuredMerge
{
    /// <summary>The paths an applied configuration sets: leaves, list items and map entries.</summary>
    public static FieldSet ToFieldSet(JsonNode? value, FieldSchema schema)
    {
        var set = new FieldSet();
        Collect(value, schema, set);
        return set;
    }

    private static void Collect(JsonNode? value, FieldSchema schema, FieldSet set)
    {
        switch (schema.Shape)
        {
            case FieldShape.Struct or FieldShape.Map when value is JsonObject obj:
                foreach (var (k, v) in obj)
                {
                    var child = set.Child("f:" + k);
                    var childSchema = schema.Field(k);
                    Collect(v, childSchema, child);
                    // Struct fields are members only as leaves; map entries always are.
                    if (schema.Shape == FieldShape.Map || v is null || v is JsonObject { Count: 0 } || IsLeaf(childSchema, v)) set.Insert(["f:" + k]);
                }
                break;
            case FieldShape.ListMap or FieldShape.ListSet when value is JsonArray list:
                foreach (var item in list)
                {
                    var element = ItemElement(item, schema);
                    if (element is null) continue;
                    if (schema.Shape == FieldShape.ListMap) Collect(item, schema.Item(), set.Child(element));
                    set.Insert([element]);
                }
                break;
        }
    }

    private static bool IsLeaf(FieldSchema schema, JsonNode? value) => schema.Shape switch
    {
        FieldShape.Scalar or FieldShape.AtomicMap or FieldShape.ListAtomic => true,
        FieldShape.Struct or FieldShape.Map => value is not JsonObject,
        _ => value is not JsonArray,
    };

    /// <summary>The path element of a list item: <c>k:{…}</c> by its keys, <c>v:…</c> for a set's value.</summary>
    public static string? ItemElement(JsonNode? item, FieldSchema list)
    {
        if (list.Shape == FieldShape.ListSet) return "v:" + (item?.ToJsonString() ?? "null");
        if (list.Shape != FieldShape.ListMap || item is not JsonObject obj) return null;
        var key = new JsonObject();
        foreach (var name in list.Keys.Order(StringComparer.Ordinal))
        {
            if (obj[name] is { } v) key[name] = v.DeepClone();
            else if (FieldSchema.KeyDefaults.TryGetValue(name, out var d)) key[name] = d.Value;
        }
        return "k:" + key.ToJsonString();
    }

    /// <summary>The applied configuration merged into the live object (merge.Updater's merge step).</summary>
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, FieldSchema schema)
    {
        if (config is null) return null;
        switch (schema.Shape)
        {
            case FieldShape.Struct or FieldShape.Map when live is JsonObject l && config is JsonObject c:
                var result = (JsonObject)l.DeepClone();
                foreach (var (k, v) in c)
                {
                    var merged = Merge(l[k], v, schema.Field(k));
                    if (merged is null) result.Remove(k);
                    else result[k] = merged;
                }
                return result;
            case FieldShape.ListMap or FieldShape.ListSet when live is JsonArray l && config is JsonArray c:
                var items = l.Select(i => i?.DeepClone()).ToList();
                var index = items.Select((i, n) => (Key: ItemElement(i, schema), n)).Where(e => e.Key is not null)
                    .GroupBy(e => e.Key!).ToDictionary(g => g.Key, g => g.First().n);
                foreach (var item in c)
                {
                    var key = ItemElement(item, schema);
                    if (key is not null && index.TryGetValue(key, out var at))
                        items[at] = schema.Shape == FieldShape.ListMap ? Merge(items[at], item, schema.Item()) : item?.DeepClone();
                    else
                    {
                        if (key is not null) index[key] = items.Count;
                        items.Add(item?.DeepClone());
                    }
                }
                return new JsonArray([.. items]);
            default:
                return config.DeepClone();
        }
    }

    /// <summary>Removes every member path of <paramref name="remove"/> from <paramref name="value"/> in place.</summary>
    public static void Remove(JsonNode? value, FieldSet remove, FieldSchema schema)
    {
        foreach (var (element, child) in remove.Children)
        {
            if (element.StartsWith("f:", StringComparison.Ordinal) && value is JsonObject obj)
            {
                var name = element[2..];
                if (!obj.ContainsKey(name)) continue;
                if (child.Member) obj.Remove(name);
                else Remove(obj[name], child, schema.Field(name));
            }
            else if (value is JsonArray list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (ItemElement(list[i], schema) != element) continue;
                    if (child.Member) list.RemoveAt(i);
                    else Remove(list[i], child, schema.Item());
                }
            }
        }
    }

    /// <summary>What changed from <paramref name="lhs"/> to <paramref name="rhs"/> (typed.Compare): added or modified, and removed.</summary>
    public static (FieldSet Changed, FieldSet Removed) Compare(JsonNode? lhs, JsonNode? rhs, FieldSchema schema)
    {
        var changed = new FieldSet();
        var removed = new FieldSet();
        Compare(lhs, rhs, schema, changed, removed, []);
        return (changed, removed);
    }

    private static void Compare(JsonNode? lhs, JsonNode? rhs, FieldSchema schema, FieldSet changed, FieldSet removed, List<string> path)
    {
        var emptyBoth = IsEmpty(lhs) && IsEmpty(rhs);
        switch (schema.Shape)
        {
            case FieldShape.Struct or FieldShape.Map when !emptyBoth && (lhs is JsonObject or null) && (rhs is JsonObject or null) && (lhs ?? rhs) is not null:
                var l = lhs as JsonObject;
                var r = rhs as JsonObject;
                foreach (var k in (l?.Select(p => p.Key) ?? []).Union(r?.Select(p => p.Key) ?? []))
                {
                    path.Add("f:" + k);
                    var childSchema = schema.Field(k);
                    var lv = l is not null && l.TryGetPropertyValue(k, out var a) ? (a ?? JsonValue.Create("null")) : null;
                    var rv = r is not null && r.TryGetPropertyValue(k, out var b) ? (b ?? JsonValue.Create("null")) : null;
                    Compare(lv, rv, childSchema, changed, removed, path);
                    // A map entry, or a map added or removed whole, is itself a member (the "." of FieldsV1).
                    if (schema.Shape == FieldShape.Map || childSchema.Shape == FieldShape.Map && !IsLeafValue(lv, rv))
                    {
                        if (lv is null && rv is not null) changed.Insert(path);
                        else if (lv is not null && rv is null) removed.Insert(path);
                    }
                    path.RemoveAt(path.Count - 1);
                }
                return;
            case FieldShape.ListMap or FieldShape.ListSet when !emptyBoth && (lhs is JsonArray or null) && (rhs is JsonArray or null) && (lhs ?? rhs) is not null:
                var left = Items(lhs as JsonArray, schema);
                var right = Items(rhs as JsonArray, schema);
                foreach (var key in left.Keys.Union(right.Keys))
                {
                    path.Add(key);
                    var has = left.TryGetValue(key, out var li);
                    var hasR = right.TryGetValue(key, out var ri);
                    if (schema.Shape == FieldShape.ListMap) Compare(has ? li : null, hasR ? ri : null, schema.Item(), changed, removed, path);
                    if (!has && hasR) changed.Insert(path);
                    else if (has && !hasR) removed.Insert(path);
                    path.RemoveAt(path.Count - 1);
                }
                return;
        }
        if (lhs is null && rhs is null) return;
        if (lhs is null) changed.Insert(path);
        else if (rhs is null) removed.Insert(path);
        else if (!JsonNode.DeepEquals(lhs, rhs)) changed.Insert(path);
    }

    private static bool IsLeafValue(JsonNode? l, JsonNode? r) => l is not (JsonObject or null) || r is not (JsonObject or null);

    private static bool IsEmpty(JsonNode? n) => n is null || n is JsonObject { Count: 0 } || n is JsonArray { Count: 0 };

    private static Dictionary<string, JsonNode?> Items(JsonArray? list, FieldSchema schema)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in list ?? [])
            if (ItemElement(item, schema) is { } key) items.TryAdd(key, item);
        return items;
    }

    /// <summary>A path as structured-merge-diff prints it: <c>.spec.ports[port=80,protocol="TCP"].targetPort</c>.</summary>
    public static string Describe(IReadOnlyList<string> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f': text.Append('.').Append(body); break;
                case 'v': text.Append("[=").Append(body).Append(']'); break;
                case 'i': text.Append('[').Append(body).Append(']'); break;
                default:
                    var keys = JsonNode.Parse(body)!.AsObject().Select(p => $"{p.Key}={p.Value?.ToJsonString()}");
                    text.Append('[').Append(string.Join(",", keys)).Append(']');
                    break;
            }
        }
        return text.ToString();
    }
}
