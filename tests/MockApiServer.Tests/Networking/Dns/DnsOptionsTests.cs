using MockApiServer.Networking.Dns;
using MockApiServer.Tests.Hosting;

namespace MockApiServer.Tests.Networking.Dns;

public sealed class DnsOptionsTests
{
    [Fact]
    public void Defaults_AreKubeadms()
    {
        var dns = ConfiguredOptions.Get<DnsOptions>();

        Assert.Equal(10053, dns.Port);
        Assert.Equal("cluster.local", dns.ClusterDomain);
        Assert.Equal(30, dns.Ttl);
    }

    [Fact]
    public void Switches_MapToTheirKeys()
    {
        var config = ConfiguredOptions.CommandLine("--dns-port", "0", "--cluster-domain", "corp.internal.", "--dns-ttl", "5");

        var dns = ConfiguredOptions.Get<DnsOptions>(config);

        Assert.Equal((0, "corp.internal", 5), (dns.Port, dns.ClusterDomain, dns.Ttl));
    }

    [Theory]
    [InlineData("DnsPort", "65536", "--dns-port: ")]
    [InlineData("DnsPort", "-1", "--dns-port: ")]
    [InlineData("DnsTtl", "3601", "--dns-ttl: ")]
    [InlineData("DnsTtl", "soon", "--dns-ttl: ")]
    [InlineData("ClusterDomain", "Cluster_Local", "--cluster-domain: \"Cluster_Local\" ")]
    public void BadValue_FailsWithOneLineNamingTheSwitch(string key, string value, string prefix) =>
        Assert.StartsWith(prefix, ConfiguredOptions.StartFailure<DnsOptions>((key, value)));
}
