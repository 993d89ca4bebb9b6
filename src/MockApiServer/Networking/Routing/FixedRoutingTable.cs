namespace MockApiServer.Networking.Routing;

/// <summary>A table that never changes.</summary>
public sealed class FixedRoutingTable(RoutingTable table) : IRoutingTableSource
{
    public RoutingTable Current => table;
}
