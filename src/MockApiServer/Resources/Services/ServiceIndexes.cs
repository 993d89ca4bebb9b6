using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Services;

/// <summary>The indexes the cache keeps for Services: by label (as every kind) and by each pair of their selector.</summary>
public static class ServiceIndexes
{
    /// <summary>
    /// Services by each "key=value" of spec.selector: a pod's labels name, pair by pair, every
    /// Service that may select it, so a pod event looks up its Services instead of scanning them.
    /// </summary>
    public static readonly ObjectIndex Selector = new("spec.selector", o => ObjectIndex.Pairs(((V1Service)o).Spec?.Selector));

    public static readonly IReadOnlyList<ObjectIndex> All = [.. ObjectIndex.Default, Selector];
}
