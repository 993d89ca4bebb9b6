using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;

namespace MockApiServer.Api;

/// <summary>
/// GET /apis/mockapi.dev/v1/nodes/{node}/iptables: the filter and nat rules kube-proxy's
/// iptables mode would have written on that node, as iptables-save prints them.
/// </summary>
public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/apis/mockapi.dev/v1/nodes/{node}/iptables", GetIptables)
            .WithName("readMockapiDevV1NodeIptables")
            .WithTags("mockapi.dev/v1 iptables")
            .Produces<string>(200, "text/plain");
        return app;
    }

    private static IResult GetIptables(string node, IRoutingTableSource routing)
    {
        var table = routing.Fresh();
        if (table.Node(node) is null) throw StatusErrors.NotFound("", "nodes", node);
        return TypedResults.Text(IptablesSave.Render(table, node), "text/plain; charset=utf-8");
    }
}
