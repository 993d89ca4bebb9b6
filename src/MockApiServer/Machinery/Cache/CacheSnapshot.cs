using System.Collections.Immutable;

namespace MockApiServer.Machinery.Cache;

using NamespaceIndex = ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, StoredObject>>;

/// <summary>
/// The whole store at one revision, immutable: readers take the reference and list without locks
/// while the writer builds the next snapshot.
/// </summary>
public sealed class CacheSnapshot
{
    public static readonly CacheSnapshot Empty = new(0, ImmutableDictionary<ResourceDefinition, NamespaceIndex>.Empty);

    private readonly ImmutableDictionary<ResourceDefinition, NamespaceIndex> _resources;

    private CacheSnapshot(long revision, ImmutableDictionary<ResourceDefinition, NamespaceIndex> resources)
    {
        Revision = revision;
        _resources = resources;
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

    /// <summary>The next snapshot: puts (value) and deletes (null) applied in order.</summary>
    public CacheSnapshot With(long revision, IEnumerable<(ResourceDefinition Resource, string Ns, string Name, StoredObject? Value)> changes)
    {
        var resources = _resources.ToBuilder();
        foreach (var (resource, ns, name, value) in changes)
        {
            var byNs = resources.TryGetValue(resource, out var existing) ? existing : NamespaceIndex.Empty.WithComparers(StringComparer.Ordinal);
            var byName = byNs.TryGetValue(ns, out var names) ? names : ImmutableSortedDictionary<string, StoredObject>.Empty.WithComparers(StringComparer.Ordinal);
            byName = value is null ? byName.Remove(name) : byName.SetItem(name, value);
            resources[resource] = byName.IsEmpty ? byNs.Remove(ns) : byNs.SetItem(ns, byName);
        }
        return new CacheSnapshot(revision, resources.ToImmutable());
    }
}
