using System.Net;
using DnsClient;
using DnsClient.Protocol;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Networking.Dns;
using static MockApiServer.Tests.Networking.Dns.DnsClusterFactory;

namespace MockApiServer.Tests.Networking.Dns;

/// <summary>A real DNS client against the server's UDP and TCP socket.</summary>
public sealed class ClusterDnsServerTests(DnsClusterFactory factory) : IClassFixture<DnsClusterFactory>
{
    private LookupClient Client(bool tcp = false)
    {
        var endpoint = factory.Services.GetRequiredService<ClusterDnsServer>().Endpoint
            ?? throw new InvalidOperationException("the DNS server did not start");
        return new LookupClient(new LookupClientOptions(endpoint)
        {
            UseCache = false,
            UseTcpOnly = tcp,
            Retries = 2,
            Timeout = TimeSpan.FromSeconds(5),
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            ThrowDnsErrors = false,
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ForClusterIpService_AnswersAuthoritatively(bool tcp)
    {
        var response = await Client(tcp).QueryAsync("frontend-svc.default.svc.cluster.local", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        var a = Assert.Single(response.Answers.ARecords());
        Assert.Equal(IPAddress.Parse(FrontendIp), a.Address);
        Assert.Equal(30, a.InitialTimeToLive);
    }

    [Fact]
    public void Server_ListensOnLoopbackAtTheConfiguredPort() =>
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, factory.DnsPort), factory.Services.GetRequiredService<ClusterDnsServer>().Endpoint);

    [Fact]
    public async Task Srv_ForNamedPort_CarriesTheTargetAddress()
    {
        var response = await Client().QueryAsync("_redis._tcp.redis-master.my-ns.svc.cluster.local", QueryType.SRV);

        var srv = Assert.Single(response.Answers.SrvRecords());
        Assert.Equal(6379, srv.Port);
        Assert.Equal("redis-master.my-ns.svc.cluster.local.", srv.Target.Value);
        Assert.Equal(IPAddress.Parse(RedisIp), Assert.Single(response.Additionals.ARecords()).Address);
    }

    [Fact]
    public async Task Ptr_ForServiceIp_NamesTheService()
    {
        var response = await Client().QueryReverseAsync(IPAddress.Parse(FrontendIp));

        Assert.Equal("frontend-svc.default.svc.cluster.local.", Assert.Single(response.Answers.PtrRecords()).PtrDomainName.Value);
    }

    [Fact]
    public async Task Cname_ForExternalName_PointsOutside()
    {
        var response = await Client().QueryAsync("ext.my-ns.svc.cluster.local", QueryType.A);

        Assert.Equal("db.example.com.", Assert.Single(response.Answers.CnameRecords()).CanonicalName.Value);
    }

    [Fact]
    public async Task A_ForHeadlessService_IsEveryReadyEndpoint()
    {
        var response = await Client(tcp: true).QueryAsync("web.my-ns.svc.cluster.local", QueryType.A);

        Assert.Equal([Web0Ip, Web1Ip], response.Answers.ARecords().Select(a => a.Address.ToString()).Order());
    }

    [Fact]
    public async Task Txt_ForDnsVersion_IsTheSchemaVersion()
    {
        var response = await Client().QueryAsync("dns-version.cluster.local", QueryType.TXT);

        Assert.Equal(["1.1.0"], Assert.Single(response.Answers.TxtRecords()).Text);
    }

    [Fact]
    public async Task MissingService_IsNxDomainWithTheZoneSoa()
    {
        var response = await Client().QueryAsync("nope.default.svc.cluster.local", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Equal("cluster.local.", Assert.Single(response.Authorities.SoaRecords()).DomainName.Value);
    }

    [Fact]
    public async Task ExistingNameWithoutTheType_IsNoData()
    {
        var response = await Client().QueryAsync("frontend-svc.default.svc.cluster.local", QueryType.AAAA);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities.SoaRecords());
    }

    [Fact]
    public async Task NameOutsideTheCluster_IsRefused()
    {
        var response = await Client().QueryAsync("example.com", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.Refused, response.Header.ResponseCode);
        Assert.False(response.Header.HasAuthorityAnswer);
    }

    [Fact]
    public async Task NewService_IsAnsweredOnceCreated()
    {
        var client = factory.Client;
        await client.CoreV1.CreateNamespacedServiceAsync(Service("late", "10.96.100.81", ("http", 80, "TCP")), "default");

        var response = await Client().QueryAsync("late.default.svc.cluster.local", QueryType.A);

        Assert.Equal("10.96.100.81", Assert.Single(response.Answers.ARecords()).Address.ToString());
    }
}
