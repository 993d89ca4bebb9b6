using System.Text.Json.Nodes;

namespace MockApiServer.Machinery.FieldManagement;

/// <summary>
/// A set of field paths (structured-merge-diff's fieldpath.Set) as a tree keyed by the FieldsV1
/// path elements: <c>f:name</c>, <c>k:{"port":80,"protocol":"TCP"}</c>, <c>v:"value"</c>,
/// <c>i:0</c>. A node is a member when its own path is in the set; in FieldsV1 that is the
/// <c>.</c> key when the node has children, or an empty object when it has none.
/// </summary>
public sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> children = new(StringComparer.Ordinal);

    /// <summary>Whether the path of this node itself is in the set.</summary>
    public bool Member { get; private set; }

    public IReadOnlyDictionary<string, FieldSet> Children => children;

    public bool IsEmpty => !Member && children.Count == 0;

    public FieldSet Child(string element)
    {
        if (!children.TryGetValue(element, out var child)) children[element] = child = new FieldSet();
        return child;
    }

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path) node = node.Child(element);
        node.Member = true;
    }

    public bool Has(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
            if (!node.children.TryGetValue(element, out node!)) return false;
        return node.Member;
    }

    public FieldSet Clone() => Union(new FieldSet());

    public FieldSet Union(FieldSet other)
    {
        var result = new FieldSet { Member = Member || other.Member };
        foreach (var (k, v) in children) result.children[k] = other.children.TryGetValue(k, out var o) ? v.Union(o) : v.Union(new FieldSet());
        foreach (var (k, v) in other.children)
            if (!children.ContainsKey(k)) result.children[k] = v.Union(new FieldSet());
        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet { Member = Member && other.Member };
        foreach (var (k, v) in children)
            if (other.children.TryGetValue(k, out var o) && v.Intersection(o) is { IsEmpty: false } both) result.children[k] = both;
        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet { Member = Member && !other.Member };
        foreach (var (k, v) in children)
        {
            var rest = other.children.TryGetValue(k, out var o) ? v.Difference(o) : v.Clone();
            if (!rest.IsEmpty) result.children[k] = rest;
        }
        return result;
    }

    /// <summary>Every member path, parents before children, in FieldsV1 key order.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths() => Paths([]);

    private IEnumerable<IReadOnlyList<string>> Paths(List<string> prefix)
    {
        if (Member) yield return prefix.ToArray();
        foreach (var (k, v) in children)
        {
            prefix.Add(k);
            foreach (var p in v.Paths(prefix)) yield return p;
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>The FieldsV1 JSON form.</summary>
    public JsonObject ToFieldsV1()
    {
        var obj = new JsonObject();
        if (Member && children.Count > 0) obj["."] = new JsonObject();
        foreach (var (k, v) in children) obj[k] = v.ToFieldsV1();
        return obj;
    }

    /// <summary>Reads FieldsV1; an empty object under a key is a member leaf.</summary>
    public static FieldSet FromFieldsV1(JsonNode? node)
    {
        var set = new FieldSet();
        if (node is not JsonObject obj) return set;
        foreach (var (k, v) in obj)
        {
            if (k == ".") { set.Member = true; continue; }
            var child = FromFieldsV1(v);
            if (v is JsonObject { Count: 0 }) child.Member = true;
            set.children[k] = child;
        }
        return set;
    }
}
