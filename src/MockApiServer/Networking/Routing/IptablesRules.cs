namespace MockApiServer.Networking.Routing;

/// <summary>The rules of one table: the chains it declares and the rules in kube-proxy's order.</summary>
public sealed class IptablesTable(string name, IReadOnlyList<string> builtins)
{
    public string Name => name;
    public IReadOnlyList<string> Builtins => builtins;
    public SortedSet<string> Chains { get; } = new(StringComparer.Ordinal);
    public List<IptablesRule> Rules { get; } = [];

    public void Add(IptablesRule rule)
    {
        if (!builtins.Contains(rule.Chain)) Chains.Add(rule.Chain);
        Rules.Add(rule);
    }
}

/// <summary>
/// The filter and nat rules kube-proxy's iptables mode writes on one node (k/k
/// pkg/proxy/iptables/proxier.go syncProxyRules), with default flags: masquerade bit 14,
/// cluster-CIDR local-traffic detection, localhost node ports, no --nodeport-addresses.
/// </summary>
public static class IptablesRules
{
    public const string MasqMark = "0x4000/0x4000";
    private const string Reject = "REJECT --reject-with icmp-port-unreachable";
    private const int LargeClusterEndpoints = 1000;

    public static (IptablesTable Filter, IptablesTable Nat) For(RoutingTable table, string node)
    {
        var filter = new IptablesTable("filter", ["INPUT", "FORWARD", "OUTPUT"]);
        var nat = new IptablesTable("nat", ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]);
        Fixed(filter, nat);
        var large = table.Routes.Sum(r => r.Endpoints.Count) > LargeClusterEndpoints;
        foreach (var route in table.Routes) ServicePort(table, route, node, large, filter, nat);
        nat.Add(new IptablesRule(ChainNames.Services, ChainNames.NodePorts)
        {
            Comment = "kubernetes service nodeports; NOTE: this must be the last rule in this chain",
            Before = "-m addrtype --dst-type LOCAL",
        });
        return (filter, nat);
    }

    /// <summary>The jumps from the built-in chains and the shared chains, present on every node.</summary>
    private static void Fixed(IptablesTable filter, IptablesTable nat)
    {
        IptablesRule Jump(string chain, string target, string match) => new(chain, target) { Before = match };
        const string New = "-m conntrack --ctstate NEW ";
        filter.Add(Jump("INPUT", ChainNames.ProxyFirewall, New + "-m comment --comment \"kubernetes load balancer firewall\""));
        filter.Add(Jump("INPUT", ChainNames.NodePorts, "-m comment --comment \"kubernetes health check service ports\""));
        filter.Add(Jump("INPUT", ChainNames.ExternalServices, New + "-m comment --comment \"kubernetes externally-visible service portals\""));
        filter.Add(Jump("FORWARD", ChainNames.ProxyFirewall, New + "-m comment --comment \"kubernetes load balancer firewall\""));
        filter.Add(Jump("FORWARD", ChainNames.Forward, "-m comment --comment \"kubernetes forwarding rules\""));
        filter.Add(Jump("FORWARD", ChainNames.Services, New + "-m comment --comment \"kubernetes service portals\""));
        filter.Add(Jump("FORWARD", ChainNames.ExternalServices, New + "-m comment --comment \"kubernetes externally-visible service portals\""));
        filter.Add(Jump("OUTPUT", ChainNames.ProxyFirewall, New + "-m comment --comment \"kubernetes load balancer firewall\""));
        filter.Add(Jump("OUTPUT", ChainNames.Services, New + "-m comment --comment \"kubernetes service portals\""));
        filter.Add(Jump(ChainNames.Forward, "DROP", "-m conntrack --ctstate INVALID"));
        filter.Add(Jump(ChainNames.Forward, "ACCEPT", $"-m comment --comment \"kubernetes forwarding rules\" -m mark --mark {MasqMark}"));
        filter.Add(Jump(ChainNames.Forward, "ACCEPT", "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED"));
        foreach (var chain in new[] { ChainNames.ExternalServices, ChainNames.NodePorts, ChainNames.Canary, ChainNames.ProxyFirewall, ChainNames.Services }) filter.Chains.Add(chain);

        nat.Add(Jump("PREROUTING", ChainNames.Services, "-m comment --comment \"kubernetes service portals\""));
        nat.Add(Jump("OUTPUT", ChainNames.Services, "-m comment --comment \"kubernetes service portals\""));
        nat.Add(Jump("POSTROUTING", ChainNames.PostRouting, "-m comment --comment \"kubernetes postrouting rules\""));
        nat.Add(new IptablesRule(ChainNames.MarkMasq, $"MARK --set-xmark {MasqMark}"));
        nat.Add(Jump(ChainNames.PostRouting, "RETURN", $"-m mark ! --mark {MasqMark}"));
        nat.Add(new IptablesRule(ChainNames.PostRouting, "MARK --set-xmark 0x4000/0x0"));
        nat.Add(new IptablesRule(ChainNames.PostRouting, "MASQUERADE --random-fully") { Comment = "kubernetes service traffic requiring SNAT" });
        foreach (var chain in new[] { ChainNames.NodePorts, ChainNames.Canary, ChainNames.Services }) nat.Chains.Add(chain);
    }

    private static void ServicePort(RoutingTable table, ServicePortRoute route, string node, bool large, IptablesTable filter, IptablesTable nat)
    {
        var spn = route.Name.ToString();
        var proto = route.Lower;
        var cluster = route.ClusterEndpoints;
        var local = route.LocalEndpoints(node);
        var hasEndpoints = cluster.Count > 0;
        var internalEndpoints = route.InternalPolicyLocal ? local : cluster;
        var externalEndpoints = route.ExternalPolicyLocal ? local : cluster;
        var internalChain = route.InternalPolicyLocal ? route.LocalChain : route.ServiceChain;
        var usesExternal = hasEndpoints && route.ExternallyReachable;
        var externalTarget = hasEndpoints ? "DROP" : Reject;
        var externalComment = hasEndpoints ? $"{spn} has no local endpoints" : $"{spn} has no endpoints";

        if (route.HealthCheckNodePort != 0)
            filter.Add(new IptablesRule(ChainNames.NodePorts, "ACCEPT") { Protocol = "tcp", Comment = $"{spn} health check node port", DestinationPort = route.HealthCheckNodePort });

        // clusterIP
        if (internalEndpoints.Count > 0)
            nat.Add(new IptablesRule(ChainNames.Services, internalChain) { Destination = route.ClusterIp, Protocol = proto, Comment = $"{spn} cluster IP", DestinationPort = route.Port });
        else
            filter.Add(new IptablesRule(ChainNames.Services, hasEndpoints ? "DROP" : Reject)
            {
                Destination = route.ClusterIp,
                Protocol = proto,
                Comment = hasEndpoints ? $"{spn} has no local endpoints" : $"{spn} has no endpoints",
                DestinationPort = route.Port,
            });

        // externalIPs and load-balancer IPs
        foreach (var ip in route.ExternalIps)
        {
            if (hasEndpoints) nat.Add(new IptablesRule(ChainNames.Services, route.ExternalChain) { Destination = ip, Protocol = proto, Comment = $"{spn} external IP", DestinationPort = route.Port });
            if (externalEndpoints.Count == 0) filter.Add(new IptablesRule(ChainNames.ExternalServices, externalTarget) { Destination = ip, Protocol = proto, Comment = externalComment, DestinationPort = route.Port });
        }
        var lbTarget = route.LoadBalancerSourceRanges.Count > 0 ? route.FirewallChain : route.ExternalChain;
        foreach (var ip in route.LoadBalancerIps)
        {
            if (hasEndpoints) nat.Add(new IptablesRule(ChainNames.Services, lbTarget) { Destination = ip, Protocol = proto, Comment = $"{spn} loadbalancer IP", DestinationPort = route.Port });
            if (externalEndpoints.Count == 0) filter.Add(new IptablesRule(ChainNames.ExternalServices, externalTarget) { Destination = ip, Protocol = proto, Comment = externalComment, DestinationPort = route.Port });
            if (route.LoadBalancerSourceRanges.Count > 0)
                filter.Add(new IptablesRule(ChainNames.ProxyFirewall, "DROP")
                {
                    Destination = ip,
                    Protocol = proto,
                    Comment = $"{spn} traffic not accepted by {route.FirewallChain}",
                    DestinationPort = route.Port,
                });
        }

        // nodePort
        if (route.NodePort != 0)
        {
            if (hasEndpoints)
            {
                nat.Add(new IptablesRule(ChainNames.NodePorts, route.ExternalChain)
                {
                    Destination = "127.0.0.0/8",
                    Protocol = proto,
                    Comment = spn,
                    DestinationPort = route.NodePort,
                    After = "-m nfacct --nfacct-name  localhost_nps_accepted_pkts",
                });
                nat.Add(new IptablesRule(ChainNames.NodePorts, route.ExternalChain) { Protocol = proto, Comment = spn, DestinationPort = route.NodePort });
            }
            if (externalEndpoints.Count == 0)
                filter.Add(new IptablesRule(ChainNames.ExternalServices, externalTarget) { Protocol = proto, Comment = externalComment, Before = "-m addrtype --dst-type LOCAL", DestinationPort = route.NodePort });
        }
        if (!hasEndpoints) return;

        if (route.LoadBalancerSourceRanges.Count > 0 && route.LoadBalancerIps.Count > 0)
        {
            foreach (var range in route.LoadBalancerSourceRanges)
                nat.Add(new IptablesRule(route.FirewallChain, route.ExternalChain) { Source = range, Comment = $"{spn} loadbalancer IP" });
            nat.Add(new IptablesRule(route.FirewallChain, "") { Comment = $"other traffic to {spn} will be dropped by KUBE-PROXY-FIREWALL" });
        }
        if (usesExternal) ExternalChain(route, spn, table.ClusterCidr.ToString(), externalEndpoints.Count > 0, nat);

        var usesClusterChain = !route.InternalPolicyLocal || route.ExternallyReachable;
        if (usesClusterChain)
        {
            nat.Add(new IptablesRule(route.ServiceChain, ChainNames.MarkMasq)
            {
                Source = table.ClusterCidr.ToString(),
                NotSource = true,
                Destination = route.ClusterIp,
                Protocol = proto,
                Comment = $"{spn} cluster IP",
                DestinationPort = route.Port,
            });
            EndpointRules(route, route.ServiceChain, cluster, large, nat);
        }
        if ((route.InternalPolicyLocal || route.ExternalPolicyLocal) && local.Count > 0) EndpointRules(route, route.LocalChain, local, large, nat);
        foreach (var endpoint in usesClusterChain ? cluster : local) EndpointChain(route, spn, endpoint, large, nat);
        if (usesClusterChain && (route.InternalPolicyLocal || route.ExternalPolicyLocal))
        {
            // Local endpoints outside the cluster-wide set (serving-terminating fallback) still need their SEP chains.
            foreach (var endpoint in local.Except(cluster)) EndpointChain(route, spn, endpoint, large, nat);
        }
    }

    private static void ExternalChain(ServicePortRoute route, string spn, string clusterCidr, bool hasExternalEndpoints, IptablesTable nat)
    {
        var ext = route.ExternalChain;
        if (!route.ExternalPolicyLocal)
        {
            nat.Add(new IptablesRule(ext, ChainNames.MarkMasq) { Comment = $"masquerade traffic for {spn} external destinations" });
            nat.Add(new IptablesRule(ext, route.ServiceChain));
            return;
        }
        nat.Add(new IptablesRule(ext, route.ServiceChain) { Source = clusterCidr, Comment = $"pod traffic for {spn} external destinations" });
        nat.Add(new IptablesRule(ext, ChainNames.MarkMasq) { Comment = $"masquerade LOCAL traffic for {spn} external destinations", Before = "-m addrtype --src-type LOCAL" });
        nat.Add(new IptablesRule(ext, route.ServiceChain) { Comment = $"route LOCAL traffic for {spn} external destinations", Before = "-m addrtype --src-type LOCAL" });
        if (hasExternalEndpoints) nat.Add(new IptablesRule(ext, route.LocalChain));
    }

    /// <summary>The SVC/SVL chain: affinity checks, then one statistic rule per endpoint (the last unconditional).</summary>
    private static void EndpointRules(ServicePortRoute route, string chain, IReadOnlyList<ProxyEndpoint> endpoints, bool large, IptablesTable nat)
    {
        var spn = route.Name.ToString();
        if (route.AffinitySeconds is { } seconds)
        {
            foreach (var e in endpoints)
                nat.Add(new IptablesRule(chain, e.Chain) { Comment = large ? null : $"{spn} -> {e.Address}", After = $"-m recent --rcheck --seconds {seconds} --reap --name {e.Chain} --mask 255.255.255.255 --rsource" });
        }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var e = endpoints[i];
            var statistic = i < endpoints.Count - 1
                ? $"-m statistic --mode random --probability {StatisticProbability.Saved(RouteMatcher.RuleProbability(i, endpoints.Count))}"
                : null;
            nat.Add(new IptablesRule(chain, e.Chain) { Comment = large ? null : $"{spn} -> {e.Address}", After = statistic });
        }
    }

    /// <summary>The SEP chain: hairpin masquerade, then DNAT (recording the client for affinity).</summary>
    private static void EndpointChain(ServicePortRoute route, string spn, ProxyEndpoint e, bool large, IptablesTable nat)
    {
        var comment = large ? null : spn;
        nat.Add(new IptablesRule(e.Chain, ChainNames.MarkMasq) { Source = e.Ip, Comment = comment });
        nat.Add(new IptablesRule(e.Chain, $"DNAT --to-destination {e.Address}")
        {
            Protocol = route.Lower,
            Comment = comment,
            Before = route.AffinitySeconds is null ? null : $"-m recent --set --name {e.Chain} --mask 255.255.255.255 --rsource",
            ProtocolMatch = true,
        });
    }
}
