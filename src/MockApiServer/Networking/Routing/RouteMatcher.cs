using System.Net;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// Walks a connection through the rules of <see cref="IptablesRules"/> without choosing an
/// endpoint: which node handles it, which frontend captures it, which chains it traverses, and
/// the endpoints the last chain may pick — or why it is rejected or dropped. Pure: the same
/// table and question always give the same answer.
/// </summary>
public static class RouteMatcher
{
    public static RouteResult Match(RoutingTable table, RouteSource source, string destinationIp, int port, string protocol)
    {
        protocol = protocol.ToUpperInvariant();
        if (!IPAddress.TryParse(destinationIp, out var dst))
            return Fail(RouteOutcome.NoSuchAddress, $"{destinationIp} is not an IP address");
        var ip = dst.ToString();
        var frontend = table.Find(ip, port, protocol);
        if (frontend is null)
        {
            var owner = table.AddressOwner(ip);
            return Fail(RouteOutcome.NoSuchAddress, owner is null
                ? $"no service, external IP, load-balancer IP or node port captures {ip}:{port}/{protocol}"
                : $"service {owner} does not serve port {port}/{protocol} on {ip}");
        }
        var route = frontend.Route;
        var srcIp = IPAddress.TryParse(source.Ip, out var s) ? s : null;
        var node = frontend.Node ?? source.Node ?? (srcIp is null ? null : table.NodeOfSource(srcIp)?.Name) ?? IngressNode(table, frontend);
        var fromPod = source.IsPod || (srcIp is not null && table.ClusterCidr.Contains(srcIp));
        var hops = new List<RouteHop>();
        if (node is not null) hops.Add(RouteHop.Node(node));
        var result = frontend.Kind == FrontendKind.ClusterIP
            ? ClusterIp(route, node, hops)
            : External(table, frontend, node, srcIp, fromPod, hops);
        return result with { Frontend = frontend, Node = node, Hops = hops };
    }

    private static RouteResult ClusterIp(ServicePortRoute route, string? node, List<RouteHop> hops)
    {
        var spn = route.Name.ToString();
        if (route.ClusterEndpoints.Count == 0)
        {
            hops.Add(RouteHop.Filter(ChainNames.Services, $"{spn} has no endpoints"));
            return Fail(RouteOutcome.NoEndpoints, $"service port {spn} has no endpoints: the connection is rejected");
        }
        var endpoints = route.InternalEndpoints(node);
        if (endpoints.Count == 0)
        {
            hops.Add(RouteHop.Filter(ChainNames.Services, $"{spn} has no local endpoints"));
            return Fail(RouteOutcome.NoLocalEndpoints, $"service port {spn} has internalTrafficPolicy Local and no endpoint on node {node}: the connection is dropped");
        }
        hops.Add(RouteHop.Nat(ChainNames.Services, $"{spn} cluster IP"));
        hops.Add(RouteHop.Nat(route.InternalPolicyLocal ? route.LocalChain : route.ServiceChain));
        return Candidates(endpoints);
    }

    private static RouteResult External(RoutingTable table, Frontend frontend, string? node, IPAddress? src, bool fromPod, List<RouteHop> hops)
    {
        var route = frontend.Route;
        var spn = route.Name.ToString();
        if (route.ClusterEndpoints.Count == 0)
        {
            hops.Add(RouteHop.Filter(ChainNames.ExternalServices, $"{spn} has no endpoints"));
            return Fail(RouteOutcome.NoEndpoints, $"service port {spn} has no endpoints: the connection is rejected");
        }
        switch (frontend.Kind)
        {
            case FrontendKind.NodePort:
                hops.Add(RouteHop.Nat(ChainNames.Services, "kubernetes service nodeports; NOTE: this must be the last rule in this chain"));
                hops.Add(RouteHop.Nat(ChainNames.NodePorts, spn));
                break;
            case FrontendKind.ExternalIP:
                hops.Add(RouteHop.Nat(ChainNames.Services, $"{spn} external IP"));
                break;
            default:
                hops.Add(RouteHop.Nat(ChainNames.Services, $"{spn} loadbalancer IP"));
                if (route.LoadBalancerSourceRanges.Count > 0)
                {
                    if (src is null || !route.LoadBalancerSourceRanges.Any(r => IPNetwork.TryParse(r, out var net) && net.Contains(src)))
                    {
                        hops.Add(RouteHop.Nat(route.FirewallChain, $"other traffic to {spn} will be dropped by KUBE-PROXY-FIREWALL"));
                        return Fail(RouteOutcome.Firewalled, $"{src?.ToString() ?? "the source"} is outside the loadBalancerSourceRanges of {spn}: the connection is dropped");
                    }
                }
                break;
        }
        if (!route.ExternalPolicyLocal)
        {
            hops.Add(RouteHop.Nat(route.ExternalChain, $"masquerade traffic for {spn} external destinations"));
            hops.Add(RouteHop.Nat(route.ServiceChain));
            return Candidates(route.ClusterEndpoints);
        }
        var fromNode = src is not null && node is not null && table.Node(node)?.Addresses.Contains(src.ToString()) == true;
        if (fromPod || fromNode)
        {
            // Pods and the node itself short-circuit Local policy to the cluster-wide chain.
            hops.Add(RouteHop.Nat(route.ExternalChain, fromPod ? $"pod traffic for {spn} external destinations" : $"route LOCAL traffic for {spn} external destinations"));
            hops.Add(RouteHop.Nat(route.ServiceChain));
            return Candidates(route.ClusterEndpoints);
        }
        var local = route.LocalEndpoints(node);
        if (local.Count == 0)
        {
            hops.Add(RouteHop.Filter(ChainNames.ExternalServices, $"{spn} has no local endpoints"));
            return Fail(RouteOutcome.NoLocalEndpoints, $"service port {spn} has externalTrafficPolicy Local and no endpoint on node {node}: the connection is dropped");
        }
        hops.Add(RouteHop.Nat(route.ExternalChain));
        hops.Add(RouteHop.Nat(route.LocalChain));
        return Candidates(local);
    }

    /// <summary>
    /// Which node receives traffic for an external or LB IP from outside: with Local policy the
    /// first node holding a local endpoint (where the LB's health check steers it), else the first node.
    /// </summary>
    private static string? IngressNode(RoutingTable table, Frontend frontend)
    {
        var route = frontend.Route;
        if (route.ExternalPolicyLocal && frontend.Kind != FrontendKind.ClusterIP)
        {
            var withLocal = table.Nodes.FirstOrDefault(n => route.LocalEndpoints(n.Name).Count > 0);
            if (withLocal is not null) return withLocal.Name;
        }
        return table.Nodes.Count > 0 ? table.Nodes[0].Name : null;
    }

    /// <summary>kube-proxy's statistic rules: rule i of N matches with 1/(N-i), the last always; each endpoint's chance is 1/N.</summary>
    public static RouteResult Candidates(IReadOnlyList<ProxyEndpoint> endpoints)
    {
        var n = endpoints.Count;
        var candidates = new RouteCandidate[n];
        for (var i = 0; i < n; i++) candidates[i] = new RouteCandidate(endpoints[i], 1.0 / n, RuleProbability(i, n));
        return new RouteResult { Outcome = RouteOutcome.Routed, Candidates = candidates };
    }

    /// <summary>The --probability of rule <paramref name="i"/> (0-based) of <paramref name="n"/>; 1 for the last (unconditional) one.</summary>
    public static double RuleProbability(int i, int n) => i < n - 1 ? 1.0 / (n - i) : 1.0;

    private static RouteResult Fail(RouteOutcome outcome, string message) => new() { Outcome = outcome, Message = message };
}
