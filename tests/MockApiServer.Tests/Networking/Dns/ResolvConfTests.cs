using k8s.Models;
using MockApiServer.Networking.Dns;

namespace MockApiServer.Tests.Networking.Dns;

/// <summary>The one model of a pod's /etc/resolv.conf: what the in-pod resolver searches and what cat prints.</summary>
public sealed class ResolvConfTests
{
    private static V1Pod Pod(V1PodSpec spec) => new() { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop" }, Spec = spec };

    [Fact]
    public void ForPod_ClusterFirstOnTheHostNetwork_IsTheNodesResolver() =>
        Assert.Equal("nameserver 10.96.0.10\n", ResolvConf.ForPod(Pod(new V1PodSpec { HostNetwork = true }), "cluster.local", "10.96.0.10").Render());

    [Fact]
    public void ForPod_ClusterFirstWithHostNet_SearchesTheCluster() =>
        Assert.StartsWith("search shop.svc.cluster.local ",
            ResolvConf.ForPod(Pod(new V1PodSpec { HostNetwork = true, DnsPolicy = "ClusterFirstWithHostNet" }), "cluster.local", "10.96.0.10").Render());

    [Fact]
    public void ForPod_DnsConfigOptions_AreKeptAndReplaceTheirNamesakes()
    {
        var spec = new V1PodSpec
        {
            DnsConfig = new V1PodDNSConfig { Options = [new V1PodDNSConfigOption { Name = "edns0" }, new V1PodDNSConfigOption { Name = "ndots", Value = "2" }] },
        };

        var conf = ResolvConf.ForPod(Pod(spec), "cluster.local", "10.96.0.10");

        Assert.Equal(2, conf.Ndots);
        Assert.EndsWith("options edns0 ndots:2\n", conf.Render());
    }

    [Fact]
    public void ForPod_DnsPolicyNone_HasOnlyTheDnsConfigAndGlibcsNdots()
    {
        var spec = new V1PodSpec { DnsPolicy = "None", DnsConfig = new V1PodDNSConfig { Nameservers = ["1.1.1.1"], Searches = ["corp.example."] } };

        var conf = ResolvConf.ForPod(Pod(spec), "cluster.local", "10.96.0.10");

        Assert.Equal(1, conf.Ndots);
        Assert.Equal("search corp.example\nnameserver 1.1.1.1\n", conf.Render());
    }
}
