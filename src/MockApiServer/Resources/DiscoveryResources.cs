using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>The discovery.k8s.io kinds: one registration line each.</summary>
public static class DiscoveryResources
{
    public static ResourceRegistry AddDiscoveryResources(this ResourceRegistry registry) => registry
        .Add(new ResourceDefinition
        {
            Group = "discovery.k8s.io", Version = "v1", Kind = "EndpointSlice", Plural = "endpointslices", Namespaced = true,
            ModelType = typeof(V1EndpointSlice), Strategy = new EndpointSlices.EndpointSliceStrategy(),
        });
}
