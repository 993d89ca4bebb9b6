using k8s.Models;
using MockApiServer.Networking.Dns;
using MockApiServer.Runtime;

namespace MockApiServer.Tests.Runtime;

public sealed class PodFilesTests
{
    private static V1Pod Pod(string ns = "shop") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = ns },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web" }] },
        Status = new V1PodStatus { PodIP = "10.244.0.9" },
    };

    [Fact]
    public void ResolvConf_ClusterFirst_SearchesTheNamespaceFirst() =>
        Assert.Equal("search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", ResolvConf.ForPod(Pod(), "cluster.local", "10.96.0.10").Render());

    [Fact]
    public void ResolvConf_DnsConfigOption_ReplacesTheDefaultNdots()
    {
        var pod = Pod();
        pod.Spec.DnsConfig = new V1PodDNSConfig { Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }], Searches = ["corp.example"] };

        Assert.Equal("search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:2\n", ResolvConf.ForPod(pod, "cluster.local", "10.96.0.10").Render());
    }

    [Fact]
    public void Hosts_WithHostAliases_AppendsTheirSection()
    {
        var pod = Pod();
        pod.Spec.HostAliases = [new V1HostAlias { Ip = "1.2.3.4", Hostnames = ["foo.local", "bar.local"] }];

        Assert.EndsWith("10.244.0.9\tweb\n\n# Entries added by HostAliases.\n1.2.3.4\tfoo.local\tbar.local\n", PodFiles.Hosts(pod, "cluster.local"));
    }

    [Fact]
    public void ResolvConf_OtherClusterDomain_SearchesThatZone() =>
        Assert.StartsWith("search shop.svc.example.internal svc.example.internal example.internal\n", ResolvConf.ForPod(Pod(), "example.internal", "10.96.0.10").Render());

    [Fact]
    public void Hosts_WithSubdomain_UsesTheClusterDomain()
    {
        var pod = Pod();
        pod.Spec.Subdomain = "db";

        Assert.EndsWith("10.244.0.9\tweb.db.shop.svc.example.internal\tweb\n", PodFiles.Hosts(pod, "example.internal"));
    }
}
