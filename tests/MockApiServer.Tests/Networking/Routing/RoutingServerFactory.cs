using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking.Routing;

/// <summary>
/// A server for routing tests, which write pod and load-balancer status and EndpointSlices
/// themselves: the controllers that would race them are off.
/// </summary>
public sealed class RoutingServerFactory : MockApiServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Seed", "42"), new("Controllers", "*,-kubelet,-scheduler,-loadbalancer,-endpoints,-endpointslice,-endpointslice-mirroring")];
}
