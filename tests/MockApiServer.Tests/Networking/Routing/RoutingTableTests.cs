using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Networking.Routing;

public sealed class RoutingTableTests
{
    private const string PodNetwork = "10.244.0.0/16";

    private readonly ManualClock _clock = new();

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly RouteSource Outside = new("192.168.1.50");

    private static RouteSource PodOn(int node, int host = 200) => new($"10.244.{node}.{host}", $"node-{node}", IsPod: true);

    /// <summary>frontend-svc from the seed notes: three pods at port 5000, one per node, NodePort 32233.</summary>
    private static (V1Service Service, V1EndpointSlice Slice) Frontend(string etp = "Cluster")
    {
        var svc = Service("frontend-svc", "10.96.100.10", Port(null, 80, 5000, nodePort: 32233)).NodePort(etp);
        svc.Spec.ExternalIPs = ["203.0.113.7"];
        var slice = Slice(svc, "", 5000, Endpoint("10.244.1.5", "node-1", "frontend-a"), Endpoint("10.244.2.5", "node-2", "frontend-b"), Endpoint("10.244.3.5", "node-3", "frontend-c"));
        return (svc, slice);
    }

    private RouteResolver Resolver(RoutingTable table, int seed = 1) => new(new FixedRoutingTable(table), new RandomSource(seed), new SessionAffinity(_clock));

    private static RoutingTable Table(IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices, int nodes = 3) =>
        RoutingTableBuilder.Build(services, slices, Nodes(nodes), PodNetwork);

    [Fact]
    public void ClusterIp_RoutesToOneOfTheReadyEndpoints_ThroughServiceAndEndpointChains()
    {
        var (svc, slice) = Frontend();

        var result = Resolver(Table([svc], [slice])).Resolve(PodOn(1), "10.96.100.10", 80);

        Assert.Equal(RouteOutcome.Routed, result.Outcome);
        Assert.Equal(FrontendKind.ClusterIP, result.Frontend!.Kind);
        Assert.Equal(["10.244.1.5:5000", "10.244.2.5:5000", "10.244.3.5:5000"], result.Candidates.Select(c => c.Endpoint.Address));
        Assert.Contains(result.Chosen, result.Candidates.Select(c => c.Endpoint));
        Assert.Equal(["node-1", "KUBE-SERVICES", "KUBE-SVC-" + ChainNames.PortProtoHash(new("default", "frontend-svc", ""), "TCP"), result.Chosen!.Chain],
            result.Hops.Select(h => h.Name));
        Assert.Equal("default/frontend-svc cluster IP", result.Hops[1].Comment);
    }

    [Fact]
    public void ClusterIp_SameSeed_ChoosesTheSameEndpoints()
    {
        var (svc, slice) = Frontend();
        var table = Table([svc], [slice]);

        var first = Enumerable.Range(0, 20).Select(_ => Resolver(table, 7).Resolve(Outside, "10.96.100.10", 80).Chosen!.Ip).ToList();
        var resolver = Resolver(table, 7);
        var sequence = Enumerable.Range(0, 20).Select(_ => resolver.Resolve(Outside, "10.96.100.10", 80).Chosen!.Ip).ToList();
        var again = Resolver(table, 7);

        Assert.Equal(sequence, Enumerable.Range(0, 20).Select(_ => again.Resolve(Outside, "10.96.100.10", 80).Chosen!.Ip));
        Assert.Equal(3, sequence.Distinct().Count());
        Assert.Single(first.Distinct());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NodePort_OnEachNode_IsHandledByThatNodeThroughNodePortsAndExternalChains(int k)
    {
        var (svc, slice) = Frontend();

        var result = Resolver(Table([svc], [slice])).Resolve(Outside, $"172.18.0.{k + 1}", 32233);

        Assert.Equal(RouteOutcome.Routed, result.Outcome);
        Assert.Equal(FrontendKind.NodePort, result.Frontend!.Kind);
        Assert.Equal($"node-{k}", result.Node);
        Assert.Equal(["Node", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-", "KUBE-SVC-", "KUBE-SEP-"], result.Hops.Select(h => h.Kind == "Node" ? "Node" : h.Name.Length > 12 && h.Name.StartsWith("KUBE-", StringComparison.Ordinal) && h.Name[8] == '-' ? h.Name[..9] : h.Name));
        Assert.Equal(3, result.Candidates.Count);
        Assert.Equal(5000, result.Chosen!.Port);
    }

    [Fact]
    public void ExternalIp_RoutesThroughTheExternalChain()
    {
        var (svc, slice) = Frontend();

        var result = Resolver(Table([svc], [slice])).Resolve(Outside, "203.0.113.7", 80);

        Assert.Equal(FrontendKind.ExternalIP, result.Frontend!.Kind);
        Assert.Equal("default/frontend-svc external IP", result.Hops[1].Comment);
        Assert.StartsWith("KUBE-EXT-", result.Hops[2].Name);
        Assert.NotNull(result.Chosen);
    }

    [Fact]
    public void LoadBalancerIp_RoutesThroughTheExternalChain_AndProxyModeIpsAreNotCaptured()
    {
        var svc = Service("lb", "10.96.7.7", Port("http", 80, 8080, nodePort: 31000)).LoadBalancer("198.51.100.20");
        svc.Status.LoadBalancer.Ingress.Add(new V1LoadBalancerIngress { Ip = "198.51.100.21", IpMode = "Proxy" });
        var slice = Slice(svc, "http", 8080, Endpoint("10.244.2.9", "node-2", "lb-a"));
        var resolver = Resolver(Table([svc], [slice]));

        var vip = resolver.Resolve(Outside, "198.51.100.20", 80);
        var proxy = resolver.Resolve(Outside, "198.51.100.21", 80);

        Assert.Equal(FrontendKind.LoadBalancer, vip.Frontend!.Kind);
        Assert.Equal("default/lb:http loadbalancer IP", vip.Hops[1].Comment);
        Assert.Equal("10.244.2.9", vip.Chosen!.Ip);
        Assert.Equal(RouteOutcome.NoSuchAddress, proxy.Outcome);
    }

    [Fact]
    public void LoadBalancerSourceRanges_DropOtherSources()
    {
        var svc = Service("lb", "10.96.7.7", Port("http", 80, 8080, nodePort: 31000)).LoadBalancer("198.51.100.20", "Cluster", "192.168.1.0/24");
        var slice = Slice(svc, "http", 8080, Endpoint("10.244.2.9", "node-2", "lb-a"));
        var resolver = Resolver(Table([svc], [slice]));

        Assert.Equal(RouteOutcome.Routed, resolver.Resolve(Outside, "198.51.100.20", 80).Outcome);
        Assert.Equal(RouteOutcome.Firewalled, resolver.Resolve(new RouteSource("8.8.8.8"), "198.51.100.20", 80).Outcome);
    }

    [Fact]
    public void ClientIpAffinity_SameClientSameEndpoint_UntilTheTimeout()
    {
        var (svc, slice) = Frontend();
        svc.ClientIpAffinity(60);
        var resolver = Resolver(Table([svc], [slice]));

        var first = resolver.Resolve(Outside, "10.96.100.10", 80);
        var again = Enumerable.Range(0, 30).Select(_ => resolver.Resolve(Outside, "10.96.100.10", 80)).ToList();
        _clock.Now += TimeSpan.FromSeconds(61);
        var afterTimeout = Enumerable.Range(0, 30).Select(_ => { _clock.Now += TimeSpan.FromSeconds(61); return resolver.Resolve(Outside, "10.96.100.10", 80).Chosen!.Ip; }).ToList();

        Assert.False(first.Sticky);
        Assert.All(again, r => Assert.Equal(first.Chosen, r.Chosen));
        Assert.All(again, r => Assert.True(r.Sticky));
        Assert.True(afterTimeout.Distinct().Count() > 1);
    }

    [Fact]
    public void ExternalTrafficPolicyLocal_FromOutside_UsesOnlyTheNodesEndpoints_OrDrops()
    {
        var (svc, _) = Frontend("Local");
        var slice = Slice(svc, "", 5000, Endpoint("10.244.1.5", "node-1", "frontend-a"), Endpoint("10.244.1.6", "node-1", "frontend-b"));
        var resolver = Resolver(Table([svc], [slice]));

        var onNode1 = resolver.Resolve(Outside, "172.18.0.2", 32233);
        var onNode2 = resolver.Resolve(Outside, "172.18.0.3", 32233);

        Assert.Equal(2, onNode1.Candidates.Count);
        Assert.StartsWith("KUBE-SVL-", onNode1.Hops[^2].Name);
        Assert.Equal(RouteOutcome.NoLocalEndpoints, onNode2.Outcome);
        Assert.Equal("default/frontend-svc has no local endpoints", onNode2.Hops[^1].Comment);
    }

    [Fact]
    public void ExternalTrafficPolicyLocal_FromAPod_ShortCircuitsToTheClusterChain()
    {
        var (svc, _) = Frontend("Local");
        var slice = Slice(svc, "", 5000, Endpoint("10.244.1.5", "node-1", "frontend-a"));

        var result = Resolver(Table([svc], [slice])).Resolve(PodOn(2), "172.18.0.3", 32233);

        Assert.Equal(RouteOutcome.Routed, result.Outcome);
        Assert.Equal("pod traffic for default/frontend-svc external destinations", result.Hops[3].Comment);
        Assert.StartsWith("KUBE-SVC-", result.Hops[4].Name);
    }

    [Fact]
    public void InternalTrafficPolicyLocal_ClusterIpFromAPod_UsesItsNodesEndpoints_OrDrops()
    {
        var (svc, slice) = Frontend();
        svc.Spec.InternalTrafficPolicy = "Local";
        var one = Slice(svc, "", 5000, Endpoint("10.244.1.5", "node-1", "frontend-a"), Endpoint("10.244.3.5", "node-3", "frontend-c"));
        var resolver = Resolver(Table([svc], [one], nodes: 3));

        var fromNode1 = resolver.Resolve(PodOn(1), "10.96.100.10", 80);
        var fromNode2 = resolver.Resolve(new RouteSource("10.244.2.200"), "10.96.100.10", 80);

        Assert.Equal(["10.244.1.5"], fromNode1.Candidates.Select(c => c.Endpoint.Ip));
        Assert.StartsWith("KUBE-SVL-", fromNode1.Hops[2].Name);
        Assert.Equal("node-2", fromNode2.Node);
        Assert.Equal(RouteOutcome.NoLocalEndpoints, fromNode2.Outcome);
    }

    [Fact]
    public void NoEndpoints_IsRejectedByTheFilterTable()
    {
        var (svc, _) = Frontend();

        var result = Resolver(Table([svc], [])).Resolve(PodOn(1), "10.96.100.10", 80);

        Assert.Equal(RouteOutcome.NoEndpoints, result.Outcome);
        Assert.Equal(new RouteHop("Chain", "KUBE-SERVICES", "filter", "default/frontend-svc has no endpoints"), result.Hops[^1]);
        Assert.Null(result.Chosen);
    }

    [Fact]
    public void NoReadyEndpoint_FallsBackToServingTerminatingOnes()
    {
        var (svc, _) = Frontend();
        var slice = Slice(svc, "", 5000,
            Endpoint("10.244.1.5", "node-1", "old", ready: false, serving: true, terminating: true),
            Endpoint("10.244.2.5", "node-2", "starting", ready: false, serving: false));

        var result = Resolver(Table([svc], [slice])).Resolve(PodOn(1), "10.96.100.10", 80);

        Assert.Equal(["10.244.1.5"], result.Candidates.Select(c => c.Endpoint.Ip));
    }

    [Fact]
    public void HeadlessAndExternalName_AreNotProxied()
    {
        var headless = Service("db", "None", Port("pg", 5432, 5432));
        var external = Service("search", "", Port(null, 443, 443));
        external.Spec.Type = "ExternalName";
        external.Spec.ExternalName = "search.example.com";
        var slice = Slice(headless, "pg", 5432, Endpoint("10.244.1.8", "node-1", "db-0"));

        var table = Table([headless, external], [slice]);

        Assert.Empty(table.Routes);
        Assert.Equal("Headless", table.NotProxied["default/db"]);
        Assert.Equal("ExternalName", table.NotProxied["default/search"]);
        Assert.Equal(RouteOutcome.NoSuchAddress, Resolver(table).Resolve(Outside, "10.244.1.8", 5432).Outcome);
    }

    [Fact]
    public void UnknownAddressOrPort_IsNoSuchAddress()
    {
        var (svc, slice) = Frontend();
        var resolver = Resolver(Table([svc], [slice]));

        var wrongPort = resolver.Resolve(Outside, "10.96.100.10", 81);
        var nowhere = resolver.Resolve(Outside, "10.96.200.200", 80);

        Assert.Equal(RouteOutcome.NoSuchAddress, wrongPort.Outcome);
        Assert.Contains("default/frontend-svc", wrongPort.Message);
        Assert.Equal(RouteOutcome.NoSuchAddress, nowhere.Outcome);
    }

    [Fact]
    public void Rebuild_AfterOneEndpointChange_SeesTheNewEndpointSet()
    {
        var (svc, slice) = Frontend();
        var before = Table([svc], [slice]);
        slice.Endpoints[1].Conditions.Ready = false;
        slice.Endpoints[1].Conditions.Serving = false;

        var after = Table([svc], [slice]);

        Assert.Equal(3, RouteMatcher.Match(before, Outside, "10.96.100.10", 80, "TCP").Candidates.Count);
        Assert.Equal(["10.244.1.5", "10.244.3.5"], RouteMatcher.Match(after, Outside, "10.96.100.10", 80, "TCP").Candidates.Select(c => c.Endpoint.Ip));
    }

    [Fact]
    public void Frontends_CoverClusterIpExternalIpAndEveryNodesNodePort()
    {
        var (svc, slice) = Frontend();

        var table = Table([svc], [slice]);

        Assert.Equal(1 + 1 + 3, table.FrontendCount);
        Assert.Equal("node-2", table.Find("172.18.0.3", 32233, "TCP")!.Node);
        Assert.Null(table.Find("10.96.100.10", 80, "UDP"));
    }

    [Fact]
    public void Rebuild_WithThePreviousTable_ReusesUnchangedServicesAndRederivesTheChangedOne()
    {
        var (svc, slice) = Frontend();
        var other = Service("other", "10.96.100.11", Port(null, 80, 80));
        foreach (var (meta, i) in new[] { svc.Metadata, slice.Metadata, other.Metadata }.Select((m, i) => (m, i))) (meta.Uid, meta.ResourceVersion) = ($"uid-{i}", "1");
        var before = Table([svc, other], [slice]);
        slice.Metadata.ResourceVersion = "2";
        slice.Endpoints = slice.Endpoints.Skip(1).ToList();

        var after = RoutingTableBuilder.Build([svc, other], [slice], Nodes(3), PodNetwork, previous: before);

        Assert.Same(before.RoutesOf("default", "other")[0], after.RoutesOf("default", "other")[0]);
        Assert.NotSame(before.RoutesOf("default", "frontend-svc")[0], after.RoutesOf("default", "frontend-svc")[0]);
        Assert.Equal(2, after.RoutesOf("default", "frontend-svc")[0].Endpoints.Count);
    }
}
