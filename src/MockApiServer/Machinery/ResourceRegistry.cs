namespace MockApiServer.Machinery;

/// <summary>The registered kinds; routes, discovery and OpenAPI are generated from it.</summary>
public sealed class ResourceRegistry
{
    private readonly List<ResourceDefinition> _resources = [];

    public IReadOnlyList<ResourceDefinition> All => _resources;

    public ResourceRegistry Add(ResourceDefinition resource)
    {
        if (_resources.Any(r => r.GroupResource == resource.GroupResource))
            throw new InvalidOperationException($"{resource.GroupResource} is registered twice.");
        _resources.Add(resource);
        return this;
    }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public ResourceDefinition? FindByGroupResource(string groupResource) => _resources.FirstOrDefault(r => r.GroupResource == groupResource);

    public ResourceDefinition Get(string group, string plural) =>
        _resources.FirstOrDefault(r => r.Group == group && r.Plural == plural)
        ?? throw new InvalidOperationException($"{StatusErrors.Qualified(group, plural)} is not registered.");

    public IEnumerable<IGrouping<string, ResourceDefinition>> ByGroupVersion() => _resources.GroupBy(r => r.ApiVersion);
}
