using MockApiServer.Machinery;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// Answers "where does this connection go?" against the current table: matches the rules
/// (<see cref="RouteMatcher"/>), then picks the endpoint as the statistic rules would — from the
/// seedable <see cref="RandomSource"/>, or from the affinity lists for a ClientIP service.
/// Never blocks the table's writer: it reads one immutable snapshot per call.
/// </summary>
public sealed class RouteResolver(IRoutingTableSource tables, RandomSource random, SessionAffinity affinity)
{
    public RoutingTable Table => tables.Current;

    public RouteResult Resolve(RouteSource source, string destinationIp, int port, string protocol = "TCP")
    {
        var result = RouteMatcher.Match(tables.Current, source, destinationIp, port, protocol);
        if (!result.Succeeded || result.Candidates.Count == 0) return result;
        var route = result.Frontend!.Route;
        var client = source.Ip;
        var sticky = false;
        ProxyEndpoint? chosen = null;
        if (route.AffinitySeconds is { } timeout && client is not null)
        {
            chosen = affinity.Recall(result.Candidates, client, timeout);
            sticky = chosen is not null;
        }
        chosen ??= result.Candidates[random.Next(result.Candidates.Count)].Endpoint;
        if (route.AffinitySeconds is not null && client is not null) affinity.Remember(chosen, client);
        return result with
        {
            Chosen = chosen,
            Sticky = sticky,
            Hops = [.. result.Hops, RouteHop.Nat(chosen.Chain, $"{route.Name} -> {chosen.Address}")],
        };
    }
}
