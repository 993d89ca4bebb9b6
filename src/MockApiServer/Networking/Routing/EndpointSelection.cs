namespace MockApiServer.Networking.Routing;

/// <summary>
/// Which endpoints kube-proxy programs (pkg/proxy/topology.go CategorizeEndpoints): the ready
/// ones; when none is ready, those serving and terminating. "Local" keeps only endpoints on the
/// given node, with the same fallback among them.
/// </summary>
public static class EndpointSelection
{
    public static IReadOnlyList<ProxyEndpoint> Usable(IReadOnlyList<ProxyEndpoint> endpoints)
    {
        var ready = endpoints.Where(e => e.Ready).ToList();
        return ready.Count > 0 ? ready : endpoints.Where(e => e.Serving && e.Terminating).ToList();
    }

    public static IReadOnlyList<ProxyEndpoint> Local(IReadOnlyList<ProxyEndpoint> endpoints, string? node) =>
        Usable(endpoints.Where(e => e.NodeName is not null && e.NodeName == node).ToList());
}
