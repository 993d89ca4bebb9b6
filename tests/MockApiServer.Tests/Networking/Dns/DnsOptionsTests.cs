using Microsoft.Extensions.Configuration;
using MockApiServer.Hosting;

namespace MockApiServer.Tests.Networking.Dns;

public sealed class DnsOptionsTests
{
    private static ServerOptions From(params (string Key, string Value)[] settings) =>
        ServerOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Fact]
    public void Defaults_AreKubeadms()
    {
        var dns = From().Dns;

        Assert.Equal(10053, dns.Port);
        Assert.Equal("cluster.local", dns.ClusterDomain);
        Assert.Equal(30, dns.Ttl);
    }

    [Fact]
    public void Switches_MapToTheirKeys()
    {
        var config = new ConfigurationBuilder()
            .AddCommandLine(["--dns-port", "0", "--cluster-domain", "corp.internal.", "--dns-ttl", "5"], ServerOptions.SwitchMappings).Build();

        var dns = ServerOptions.From(config).Dns;

        Assert.Equal((0, "corp.internal", 5), (dns.Port, dns.ClusterDomain, dns.Ttl));
    }

    [Theory]
    [InlineData("DnsPort", "65536", "--dns-port: ")]
    [InlineData("DnsPort", "-1", "--dns-port: ")]
    [InlineData("DnsTtl", "3601", "--dns-ttl: ")]
    [InlineData("DnsTtl", "soon", "--dns-ttl: ")]
    [InlineData("ClusterDomain", "Cluster_Local", "--cluster-domain: \"Cluster_Local\" ")]
    public void BadValue_FailsWithOneLineNamingTheSwitch(string key, string value, string prefix)
    {
        var e = Assert.Throws<OptionsException>(() => From((key, value)));

        Assert.StartsWith(prefix, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
