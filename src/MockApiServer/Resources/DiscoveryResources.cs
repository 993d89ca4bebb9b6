using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>The discovery.k8s.io kinds: one registration line each.</summary>
public static class DiscoveryResources
{
    public static ResourceRegistry AddDiscoveryResources(this ResourceRegistry registry) => registry
        .Add(DiscoveryV1<V1EndpointSlice>("EndpointSlice", "endpointslices", new EndpointSlices.EndpointSliceStrategy()));

    private static ResourceDefinition DiscoveryV1<T>(string kind, string plural, IResourceStrategy strategy) => new()
    {
        Group = "discovery.k8s.io",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Namespaced = true,
        ModelType = typeof(T),
        Strategy = strategy,
    };
}
