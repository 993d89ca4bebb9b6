using Microsoft.Extensions.Primitives;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>
/// The registered kinds; routes, discovery and OpenAPI are generated from it. Built-in kinds are
/// added at start; custom resources are added, replaced and removed at run time (the
/// CustomResourceDefinition controller). Readers take <see cref="All"/>, an immutable list, so a
/// request or a watch sees one consistent registry; every change swaps the list and fires the
/// change token that routes, discovery and OpenAPI rebuild from.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private volatile ResourceDefinition[] _resources = [];
    private CancellationTokenSource _changed = new();

    public IReadOnlyList<ResourceDefinition> All => _resources;

    /// <summary>
    /// The kinds a stored object defines (a CRD's served versions; none for others), so the cache
    /// registers them while it loads, before the objects of those kinds, as a restart must.
    /// </summary>
    public Func<StoredObject, IReadOnlyList<ResourceDefinition>>? KindsDefinedBy { get; set; }

    /// <summary>Fires once after the next change of the registered kinds.</summary>
    public IChangeToken ChangeToken
    {
        get { lock (_gate) return new CancellationChangeToken(_changed.Token); }
    }

    public ResourceRegistry Add(ResourceDefinition resource)
    {
        lock (_gate)
        {
            if (_resources.Any(r => r.Group == resource.Group && r.Version == resource.Version && r.Plural == resource.Plural))
                throw new InvalidOperationException($"{resource.GroupResource} is registered twice.");
            Swap([.. _resources, resource]);
        }
        return this;
    }

    /// <summary>Replaces the served versions of one group-resource with <paramref name="versions"/> (none removes it).</summary>
    public void Set(string groupResource, IReadOnlyList<ResourceDefinition> versions)
    {
        lock (_gate)
        {
            var current = _resources.Where(r => r.GroupResource == groupResource).ToList();
            if (current.Count == versions.Count && current.Zip(versions).All(p => ReferenceEquals(p.First, p.Second))) return;
            Swap([.. _resources.Where(r => r.GroupResource != groupResource), .. versions]);
        }
    }

    private void Swap(ResourceDefinition[] next)
    {
        _resources = next;
        var fired = _changed;
        _changed = new CancellationTokenSource();
        fired.Cancel();
    }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    /// <summary>The definition whose version stores the objects of <paramref name="groupResource"/>.</summary>
    public ResourceDefinition? FindByGroupResource(string groupResource)
    {
        ResourceDefinition? found = null;
        foreach (var r in All)
        {
            if (r.GroupResource != groupResource) continue;
            if (r.IsStorageVersion) return r;
            found ??= r;
        }
        return found;
    }

    public ResourceDefinition Get(string group, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Plural == plural)
        ?? throw new InvalidOperationException($"{StatusErrors.Qualified(group, plural)} is not registered.");

    public IEnumerable<IGrouping<string, ResourceDefinition>> ByGroupVersion() => All.GroupBy(r => r.ApiVersion);
}
