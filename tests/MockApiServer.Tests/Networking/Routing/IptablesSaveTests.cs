using k8s.Models;
using MockApiServer.Networking.Routing;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Networking.Routing;

public sealed class IptablesSaveTests
{
    private const string PodNetwork = "10.244.0.0/16";

    /// <summary>service-networking.md §7.4, verbatim.</summary>
    private const string ReferenceNat = """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]
        :KUBE-MARK-MASQ - [0:0]
        :KUBE-NODEPORTS - [0:0]
        :KUBE-POSTROUTING - [0:0]
        :KUBE-PROXY-CANARY - [0:0]
        :KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]
        :KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]
        :KUBE-SERVICES - [0:0]
        :KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
        -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
        -A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
        -A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
        -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
        -A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-CDGGSHYLG3RE2FKL
        -A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
        -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
        -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
        -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
        -A KUBE-SEP-2RIJ5GIYXEFH6G4D -s 10.244.2.7/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
        -A KUBE-SEP-2RIJ5GIYXEFH6G4D -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080
        -A KUBE-SEP-AFGSLHOD2HFNCBX4 -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
        -A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
        -A KUBE-SERVICES -d 10.96.45.17/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
        -A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.45.17/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
        -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-AFGSLHOD2HFNCBX4
        -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -j KUBE-SEP-2RIJ5GIYXEFH6G4D
        COMMIT

        """;

    private static V1Service Web() => Service("web", "10.96.45.17", Port("http", 80, 8080, nodePort: 30080)).NodePort();

    private static V1EndpointSlice WebSlice(V1Service web, params V1Endpoint[] endpoints) => Slice(web, "http", 8080, endpoints);

    private static string NatOf(string save) => save[save.IndexOf("*nat", StringComparison.Ordinal)..];

    private static string FilterOf(string save) => save[..save.IndexOf("*nat", StringComparison.Ordinal)];

    [Fact]
    public void Render_ReferenceExample_NatTableMatchesVerbatim()
    {
        var web = Web();
        var table = RoutingTableBuilder.Build([web], [WebSlice(web, Endpoint("10.244.2.7", "node-2", "web-b"), Endpoint("10.244.1.5", "node-1", "web-a"))], Nodes(2), PodNetwork);

        var save = IptablesSave.Render(table, "node-1");

        Assert.Equal(ReferenceNat.ReplaceLineEndings("\n"), NatOf(save));
    }

    [Fact]
    public void Render_ServiceWithoutEndpoints_RejectsInFilterAndWritesNoNatRules()
    {
        var table = RoutingTableBuilder.Build([Web()], [], Nodes(1), PodNetwork);

        var save = IptablesSave.Render(table, "node-1");

        Assert.Contains("-A KUBE-SERVICES -d 10.96.45.17/32 -p tcp -m comment --comment \"default/web:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n", FilterOf(save));
        Assert.Contains("-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/web:http has no endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable\n", FilterOf(save));
        Assert.DoesNotContain("default/web", NatOf(save));
        Assert.DoesNotContain("CDGGSHYLG3RE2FKL", save);
    }

    [Fact]
    public void Render_WithoutTheService_LeavesNothingOfIt()
    {
        var web = Web();
        var with = IptablesSave.Render(RoutingTableBuilder.Build([web], [WebSlice(web, Endpoint("10.244.1.5", "node-1", "web-a"))], Nodes(1), PodNetwork), "node-1");

        var without = IptablesSave.Render(RoutingTableBuilder.Build([], [WebSlice(web, Endpoint("10.244.1.5", "node-1", "web-a"))], Nodes(1), PodNetwork), "node-1");

        Assert.Contains("default/web", with);
        Assert.DoesNotContain("default/web", without);
        Assert.DoesNotContain("KUBE-SEP-", without);
    }

    [Fact]
    public void Render_ThreeEndpoints_WritesQuantisedProbabilitiesAndAnUnconditionalLastRule()
    {
        var web = Web();
        var table = RoutingTableBuilder.Build([web], [WebSlice(web, Endpoint("10.244.1.9", "node-1", "a"), Endpoint("10.244.1.10", "node-1", "b"), Endpoint("10.244.1.11", "node-1", "c"))], Nodes(1), PodNetwork);

        var svc = NatOf(IptablesSave.Render(table, "node-1")).Split('\n').Where(l => l.StartsWith("-A KUBE-SVC-", StringComparison.Ordinal) && l.Contains("->")).ToList();

        Assert.Equal(3, svc.Count);
        Assert.Contains("\"default/web:http -> 10.244.1.10:8080\" -m statistic --mode random --probability 0.33333333349 -j", svc[0]);
        Assert.Contains("\"default/web:http -> 10.244.1.11:8080\" -m statistic --mode random --probability 0.50000000000 -j", svc[1]);
        Assert.DoesNotContain("statistic", svc[2]);
        Assert.Contains("10.244.1.9:8080", svc[2]);
    }

    [Fact]
    public void Render_ClientIpAffinity_ChecksRecentListsBeforeStatisticAndSetsThemOnDnat()
    {
        var web = Web().ClientIpAffinity(600);
        var table = RoutingTableBuilder.Build([web], [WebSlice(web, Endpoint("10.244.1.5", "node-1", "web-a"))], Nodes(1), PodNetwork);

        var nat = NatOf(IptablesSave.Render(table, "node-1"));

        Assert.Contains("-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -m recent --rcheck --seconds 600 --reap --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -j KUBE-SEP-AFGSLHOD2HFNCBX4\n", nat);
        Assert.Contains("-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment \"default/web:http\" -m recent --set --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080\n", nat);
    }

    [Fact]
    public void Render_ExternalPolicyLocal_UsesLocalChainOnNodesWithEndpointsAndDropsElsewhere()
    {
        var web = Service("web", "10.96.45.17", Port("http", 80, 8080, nodePort: 30080)).NodePort("Local");
        var table = RoutingTableBuilder.Build([web], [WebSlice(web, Endpoint("10.244.1.5", "node-1", "web-a"))], Nodes(2), PodNetwork);

        var onNode1 = IptablesSave.Render(table, "node-1");
        var onNode2 = IptablesSave.Render(table, "node-2");

        Assert.Contains("-A KUBE-EXT-CDGGSHYLG3RE2FKL -s 10.244.0.0/16 -m comment --comment \"pod traffic for default/web:http external destinations\" -j KUBE-SVC-CDGGSHYLG3RE2FKL\n", onNode1);
        Assert.Contains("-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVL-CDGGSHYLG3RE2FKL\n", onNode1);
        Assert.Contains("-A KUBE-SVL-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -j KUBE-SEP-AFGSLHOD2HFNCBX4\n", onNode1);
        Assert.DoesNotContain("KUBE-SVL-", onNode2);
        Assert.Contains("-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/web:http has no local endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP\n", onNode2);
    }

    [Fact]
    public void Render_FilterTable_DeclaresKubeProxysChainsAndJumps()
    {
        var save = IptablesSave.Render(RoutingTable.Empty(PodNetwork), "node-1");

        Assert.StartsWith("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n", save);
        Assert.Contains("-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n", save);
        Assert.Contains("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT\n", save);
        Assert.Equal(2, save.Split("COMMIT\n").Length - 1);
    }
}
