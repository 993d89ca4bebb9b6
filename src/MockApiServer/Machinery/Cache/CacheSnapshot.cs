using System.Collections.Immutable;

namespace MockApiServer.Machinery.Cache;

using NamespaceIndex = ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, StoredObject>>;

/// <summary>
/// The whole store at one revision, immutable: readers take the reference and list without locks
/// while the writer builds the next snapshot. Each kind's <see cref="ResourceDefinition.Indexes"/>
/// are part of the snapshot, so a lookup by label, selector or node is as consistent as a read.
/// </summary>
public sealed class CacheSnapshot
{
    public static readonly CacheSnapshot Empty = new(0, ImmutableDictionary<ResourceDefinition, NamespaceIndex>.Empty, ImmutableDictionary<IndexKey, ImmutableHashSet<string>>.Empty);

    private readonly ImmutableDictionary<ResourceDefinition, NamespaceIndex> _resources;
    private readonly ImmutableDictionary<IndexKey, ImmutableHashSet<string>> _indexes;

    private CacheSnapshot(long revision, ImmutableDictionary<ResourceDefinition, NamespaceIndex> resources, ImmutableDictionary<IndexKey, ImmutableHashSet<string>> indexes)
    {
        Revision = revision;
        _resources = resources;
        _indexes = indexes;
    }

    public long Revision { get; }

    public StoredObject? Get(ResourceDefinition resource, string ns, string name) =>
        _resources.TryGetValue(resource, out var byNs) && byNs.TryGetValue(ns, out var byName) && byName.TryGetValue(name, out var obj) ? obj : null;

    /// <summary>Objects in key order (namespace, then name); all namespaces when ns is null.</summary>
    public IEnumerable<StoredObject> List(ResourceDefinition resource, string? ns)
    {
        if (!_resources.TryGetValue(resource, out var byNs)) return [];
        if (ns is not null) return byNs.TryGetValue(ns, out var byName) ? byName.Values : [];
        return byNs.Values.SelectMany(n => n.Values);
    }

    public int Count(ResourceDefinition resource, string? ns)
    {
        if (!_resources.TryGetValue(resource, out var byNs)) return 0;
        if (ns is not null) return byNs.TryGetValue(ns, out var byName) ? byName.Count : 0;
        return byNs.Values.Sum(n => n.Count);
    }

    /// <summary>
    /// The objects filed under <paramref name="key"/> in the index named <paramref name="index"/>, in
    /// no particular order; <paramref name="ns"/> is ignored for an index across namespaces.
    /// </summary>
    public IEnumerable<StoredObject> ByIndex(ResourceDefinition resource, string index, string ns, string key)
    {
        var definition = resource.Indexes.FirstOrDefault(i => i.Name == index) ?? throw new InvalidOperationException($"{resource} has no index {index}.");
        if (!_indexes.TryGetValue(new IndexKey(resource, index, definition.AcrossNamespaces ? "" : ns, key), out var members)) return [];
        return Members(resource, members);
    }

    /// <summary>
    /// The objects of one namespace whose labels hold every pair of <paramref name="selector"/> (a
    /// Service's selector, a map-form label selector), found through the smallest of the pairs'
    /// label-index entries; every object of the namespace when the selector is empty.
    /// </summary>
    public IEnumerable<StoredObject> WithLabels(ResourceDefinition resource, string ns, IDictionary<string, string> selector)
    {
        if (selector.Count == 0) return List(resource, ns);
        ImmutableHashSet<string>? smallest = null;
        foreach (var (key, value) in selector)
        {
            if (!_indexes.TryGetValue(new IndexKey(resource, ObjectIndex.LabelsName, ns, ObjectIndex.Pair(key, value)), out var members)) return [];
            if (smallest is null || members.Count < smallest.Count) smallest = members;
        }
        return Members(resource, smallest!).Where(o => o.Object.Metadata.Labels is { } labels && selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value));
    }

    // In key order (namespace, then name), as List gives them, so a reader's result does not depend on how it found them.
    private List<StoredObject> Members(ResourceDefinition resource, ImmutableHashSet<string> members)
    {
        var found = new List<StoredObject>(members.Count);
        foreach (var member in members)
        {
            var (ns, name) = SplitMember(member);
            if (Get(resource, ns, name) is { } obj) found.Add(obj);
        }
        found.Sort(static (a, b) => string.CompareOrdinal(a.Namespace, b.Namespace) is var byNs and not 0 ? byNs : string.CompareOrdinal(a.Name, b.Name));
        return found;
    }

    /// <summary>The next snapshot: puts (value) and deletes (null) applied in order.</summary>
    public CacheSnapshot With(long revision, IEnumerable<(ResourceDefinition Resource, string Ns, string Name, StoredObject? Value)> changes)
    {
        var resources = _resources.ToBuilder();
        var indexes = _indexes.ToBuilder();
        foreach (var (resource, ns, name, value) in changes)
        {
            var byNs = resources.TryGetValue(resource, out var existing) ? existing : NamespaceIndex.Empty.WithComparers(StringComparer.Ordinal);
            var byName = byNs.TryGetValue(ns, out var names) ? names : ImmutableSortedDictionary<string, StoredObject>.Empty.WithComparers(StringComparer.Ordinal);
            var previous = byName.GetValueOrDefault(name);
            byName = value is null ? byName.Remove(name) : byName.SetItem(name, value);
            resources[resource] = byName.IsEmpty ? byNs.Remove(ns) : byNs.SetItem(ns, byName);
            Reindex(indexes, resource, ns, name, previous, value);
        }
        return new CacheSnapshot(revision, resources.ToImmutable(), indexes.ToImmutable());
    }

    private static void Reindex(ImmutableDictionary<IndexKey, ImmutableHashSet<string>>.Builder indexes, ResourceDefinition resource, string ns, string name,
        StoredObject? previous, StoredObject? current)
    {
        foreach (var index in resource.Indexes)
        {
            var before = previous is null ? [] : index.Keys(previous.Object).ToHashSet(StringComparer.Ordinal);
            var after = current is null ? [] : index.Keys(current.Object).ToHashSet(StringComparer.Ordinal);
            if (before.SetEquals(after)) continue;
            var scope = index.AcrossNamespaces ? "" : ns;
            var member = Member(ns, name);
            foreach (var key in before)
            {
                if (after.Contains(key)) continue;
                var at = new IndexKey(resource, index.Name, scope, key);
                if (!indexes.TryGetValue(at, out var members)) continue;
                members = members.Remove(member);
                if (members.IsEmpty) indexes.Remove(at);
                else indexes[at] = members;
            }
            foreach (var key in after)
            {
                if (before.Contains(key)) continue;
                var at = new IndexKey(resource, index.Name, scope, key);
                indexes[at] = (indexes.TryGetValue(at, out var members) ? members : ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal)).Add(member);
            }
        }
    }

    // A member is "namespace/name": neither part can hold a slash.
    private static string Member(string ns, string name) => string.Concat(ns, "/", name);

    private static (string Ns, string Name) SplitMember(string member)
    {
        var slash = member.IndexOf('/');
        return (member[..slash], member[(slash + 1)..]);
    }

    private readonly record struct IndexKey(ResourceDefinition Resource, string Index, string Ns, string Key);
}
