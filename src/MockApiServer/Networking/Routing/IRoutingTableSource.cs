namespace MockApiServer.Networking.Routing;

/// <summary>
/// Where the current routing table comes from: the routing controller in the server, a fixed
/// table in tests and benchmarks. Readers outside the controllers (RouteReview, the iptables
/// endpoint) depend on this rather than on the controller.
/// </summary>
public interface IRoutingTableSource
{
    /// <summary>The latest table, read without locks; it may trail the store by a rebuild.</summary>
    RoutingTable Current { get; }

    /// <summary>
    /// The table including every committed change to the kinds it is built from, for request
    /// paths that must see their own writes. A source that never falls behind returns <see cref="Current"/>.
    /// </summary>
    RoutingTable Fresh() => Current;
}
