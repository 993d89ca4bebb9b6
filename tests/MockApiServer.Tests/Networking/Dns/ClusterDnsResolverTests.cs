using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Networking.Dns;
using static MockApiServer.Tests.Networking.Dns.DnsClusterFactory;

namespace MockApiServer.Tests.Networking.Dns;

public sealed class ClusterDnsResolverTests(DnsClusterFactory factory) : IClassFixture<DnsClusterFactory>
{
    private readonly ClusterDnsResolver _resolver = factory.Services.GetRequiredService<ClusterDnsResolver>();

    private static IEnumerable<string> Data(DnsAnswer answer) => answer.Answers.Select(a => a.Data);

    [Fact]
    public void A_ForClusterIpService_IsItsClusterIpWithTheDefaultTtl()
    {
        var answer = _resolver.Resolve("frontend-svc.default.svc.cluster.local", DnsRecordType.A);

        var record = Assert.Single(answer.Answers);
        Assert.Equal(new DnsRecord("frontend-svc.default.svc.cluster.local.", DnsRecordType.A, 30, FrontendIp), record);
        Assert.Equal(DnsResponseCode.NoError, answer.Code);
        Assert.True(answer.Authoritative);
    }

    [Fact]
    public void A_IgnoresCaseAndTrailingDot() =>
        Assert.Equal([RedisIp], Data(_resolver.Resolve("Redis-Master.MY-NS.svc.Cluster.Local.", DnsRecordType.A)));

    [Fact]
    public void A_ForSeededKubeDns_IsTheTenthServiceIp() =>
        Assert.Equal(["10.96.0.10"], Data(_resolver.Resolve("kube-dns.kube-system.svc.cluster.local", DnsRecordType.A)));

    [Fact]
    public void A_ForMissingServiceInExistingNamespace_IsNxDomainWithSoa()
    {
        var answer = _resolver.Resolve("nope.default.svc.cluster.local", DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NxDomain, answer.Code);
        Assert.Empty(answer.Answers);
        Assert.StartsWith("ns.dns.cluster.local. hostmaster.cluster.local. ", answer.Soa!.Target);
        Assert.Equal("cluster.local.", answer.Soa.Name);
    }

    [Fact]
    public void A_InMissingNamespace_IsNxDomain() =>
        Assert.Equal(DnsResponseCode.NxDomain, _resolver.Resolve("frontend-svc.nowhere.svc.cluster.local", DnsRecordType.A).Code);

    [Fact]
    public void Aaaa_ForIpv4OnlyService_IsNoData()
    {
        var answer = _resolver.Resolve("frontend-svc.default.svc.cluster.local", DnsRecordType.AAAA);

        Assert.True(answer.IsNoData);
        Assert.NotNull(answer.Soa);
    }

    [Theory]
    [InlineData("my-ns.svc.cluster.local")]
    [InlineData("svc.cluster.local")]
    [InlineData("cluster.local")]
    public void A_ForExistingInteriorName_IsNoData(string name) => Assert.True(_resolver.Resolve(name, DnsRecordType.A).IsNoData);

    [Fact]
    public void Srv_ForNamedPort_TargetsTheServiceWithItsAddressAsAdditional()
    {
        var answer = _resolver.Resolve("_redis._tcp.redis-master.my-ns.svc.cluster.local", DnsRecordType.SRV);

        var srv = Assert.Single(answer.Answers);
        Assert.Equal("_redis._tcp.redis-master.my-ns.svc.cluster.local.", srv.Name);
        Assert.Equal("0 100 6379 redis-master.my-ns.svc.cluster.local.", srv.Data);
        Assert.Equal(RedisIp, Assert.Single(answer.Additional).Target);
    }

    [Theory]
    [InlineData("_nope._tcp.redis-master.my-ns.svc.cluster.local")]
    [InlineData("_redis._udp.redis-master.my-ns.svc.cluster.local")]
    public void Srv_ForUnknownPortOrProtocol_IsNxDomain(string name) =>
        Assert.Equal(DnsResponseCode.NxDomain, _resolver.Resolve(name, DnsRecordType.SRV).Code);

    [Fact]
    public void A_ForSrvName_IsNoData() =>
        Assert.True(_resolver.Resolve("_redis._tcp.redis-master.my-ns.svc.cluster.local", DnsRecordType.A).IsNoData);

    [Fact]
    public void A_ForHeadlessService_IsEveryReadyEndpoint() =>
        Assert.Equal([Web0Ip, Web1Ip], Data(_resolver.Resolve("web.my-ns.svc.cluster.local", DnsRecordType.A)).Order());

    [Fact]
    public void A_ForHeadlessServiceWithoutReadyEndpoints_IsNxDomain() =>
        Assert.Equal(DnsResponseCode.NxDomain, _resolver.Resolve("empty.my-ns.svc.cluster.local", DnsRecordType.A).Code);

    [Theory]
    [InlineData("web-0.web.my-ns.svc.cluster.local", Web0Ip)]
    [InlineData("10-244-2-11.web.my-ns.svc.cluster.local", Web1Ip)]
    public void A_ForHeadlessEndpointName_IsThatEndpoint(string name, string ip) =>
        Assert.Equal([ip], Data(_resolver.Resolve(name, DnsRecordType.A)));

    [Fact]
    public void A_ForNotReadyEndpointName_IsNxDomain() =>
        Assert.Equal(DnsResponseCode.NxDomain, _resolver.Resolve("10-244-3-12.web.my-ns.svc.cluster.local", DnsRecordType.A).Code);

    [Fact]
    public void Srv_ForHeadlessNamedPort_IsOnePerReadyEndpointWithEqualWeights()
    {
        var answer = _resolver.Resolve("_http._tcp.web.my-ns.svc.cluster.local", DnsRecordType.SRV);

        Assert.Equal(["0 50 8080 10-244-2-11.web.my-ns.svc.cluster.local.", "0 50 8080 web-0.web.my-ns.svc.cluster.local."], Data(answer).Order());
        Assert.Equal([Web0Ip, Web1Ip], answer.Additional.Select(a => a.Target).Order());
    }

    [Theory]
    [InlineData(DnsRecordType.CNAME)]
    [InlineData(DnsRecordType.A)]
    public void ExternalName_AnswersItsCname(DnsRecordType type)
    {
        var record = Assert.Single(_resolver.Resolve("ext.my-ns.svc.cluster.local", type).Answers);

        Assert.Equal(DnsRecordType.CNAME, record.Type);
        Assert.Equal("db.example.com.", record.Target);
    }

    [Theory]
    [InlineData("80.100.96.10.in-addr.arpa")]
    [InlineData("80.100.96.10.IN-ADDR.ARPA.")]
    public void Ptr_ForServiceIp_NamesTheService(string reverse) =>
        Assert.Equal(["frontend-svc.default.svc.cluster.local."], Data(_resolver.Resolve(reverse, DnsRecordType.PTR)));

    [Fact]
    public void Ptr_ForHeadlessEndpointIp_NamesTheEndpoint() =>
        Assert.Equal(["web-0.web.my-ns.svc.cluster.local."], Data(_resolver.Resolve("10.1.244.10.in-addr.arpa", DnsRecordType.PTR)));

    [Fact]
    public void Ptr_ForPodIp_NamesThePodRecord() =>
        Assert.Equal(["10-244-1-20.my-ns.pod.cluster.local."], Data(_resolver.Resolve("20.1.244.10.in-addr.arpa", DnsRecordType.PTR)));

    [Fact]
    public void Ptr_ForUnknownIp_IsNxDomainInTheReverseZone()
    {
        var answer = _resolver.Resolve("9.9.9.9.in-addr.arpa", DnsRecordType.PTR);

        Assert.Equal(DnsResponseCode.NxDomain, answer.Code);
        Assert.Equal("in-addr.arpa.", answer.Soa!.Name);
    }

    [Fact]
    public void A_ForPodRecordInExistingNamespace_IsTheDashedIp() =>
        Assert.Equal(["10.244.9.9"], Data(_resolver.Resolve("10-244-9-9.my-ns.pod.cluster.local", DnsRecordType.A)));

    [Theory]
    [InlineData("10-244-9.my-ns.pod.cluster.local")]
    [InlineData("10-244-9-9.nowhere.pod.cluster.local")]
    public void A_ForMalformedPodRecord_IsNxDomain(string name) =>
        Assert.Equal(DnsResponseCode.NxDomain, _resolver.Resolve(name, DnsRecordType.A).Code);

    [Fact]
    public void Txt_ForDnsVersion_IsTheSchemaVersion()
    {
        var record = Assert.Single(_resolver.Resolve("dns-version.cluster.local", DnsRecordType.TXT).Answers);

        Assert.Equal("\"1.1.0\"", record.Data);
        Assert.Equal(28800, record.Ttl);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("cluster.local.example.com")]
    public void NameOutsideTheZones_IsRefused(string name)
    {
        var answer = _resolver.Resolve(name, DnsRecordType.A);

        Assert.Equal(DnsResponseCode.Refused, answer.Code);
        Assert.False(answer.Authoritative);
    }

    [Fact]
    public void Search_ShortNameInItsOwnNamespace_AnswersOnTheFirstSuffix()
    {
        var result = _resolver.Search("redis-master", DnsRecordType.A, _resolver.ResolvConfFor("my-ns"));

        Assert.Equal("redis-master.my-ns.svc.cluster.local.", result.Expansion);
        Assert.Equal(["redis-master.my-ns.svc.cluster.local."], result.Tried);
        Assert.Equal([RedisIp], Data(result.Answer));
    }

    [Fact]
    public void Search_ShortNameFromAnotherNamespace_IsNxDomainAfterEverySuffix()
    {
        var result = _resolver.Search("redis-master", DnsRecordType.A, _resolver.ResolvConfFor("default"));

        Assert.Null(result.Expansion);
        Assert.Equal(DnsResponseCode.NxDomain, result.Answer.Code);
        Assert.Equal(["redis-master.default.svc.cluster.local.", "redis-master.svc.cluster.local.", "redis-master.cluster.local.", "redis-master."], result.Tried);
    }

    [Fact]
    public void Search_NameDotNamespaceFromAnotherNamespace_AnswersOnTheSecondSuffix()
    {
        var result = _resolver.Search("redis-master.my-ns", DnsRecordType.A, _resolver.ResolvConfFor("default"));

        Assert.Equal("redis-master.my-ns.svc.cluster.local.", result.Expansion);
        Assert.Equal(["redis-master.my-ns.default.svc.cluster.local.", "redis-master.my-ns.svc.cluster.local."], result.Tried);
    }

    [Fact]
    public void Search_AbsoluteName_TriesOnlyItself()
    {
        var result = _resolver.Search("frontend-svc.default.svc.cluster.local.", DnsRecordType.A, _resolver.ResolvConfFor("my-ns"));

        Assert.Equal(["frontend-svc.default.svc.cluster.local."], result.Tried);
        Assert.Equal([FrontendIp], Data(result.Answer));
    }

    [Fact]
    public void Search_FullNameWithoutTrailingDot_TriesTheSearchListFirst()
    {
        // Four dots are fewer than ndots:5, so every search suffix is tried before the name itself.
        var result = _resolver.Search("frontend-svc.default.svc.cluster.local", DnsRecordType.A, _resolver.ResolvConfFor("my-ns"));

        Assert.Equal("frontend-svc.default.svc.cluster.local.", result.Expansion);
        Assert.Equal(4, result.Tried.Count);
        Assert.Equal("frontend-svc.default.svc.cluster.local.my-ns.svc.cluster.local.", result.Tried[0]);
    }

    [Fact]
    public void ResolvConf_ForClusterFirstPod_IsKubeDnsWithTheNamespaceSearchPath() =>
        Assert.Equal("search my-ns.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
            _resolver.ResolvConfFor(new k8s.Models.V1Pod { Metadata = new() { Name = "p", NamespaceProperty = "my-ns" }, Spec = new() }).Render());

    [Fact]
    public void ResolvConf_WithDnsConfig_AppendsSearchesAndOverridesNdots()
    {
        var pod = new k8s.Models.V1Pod
        {
            Metadata = new() { Name = "p", NamespaceProperty = "my-ns" },
            Spec = new() { DnsConfig = new() { Searches = ["corp.example"], Options = [new() { Name = "ndots", Value = "2" }] } },
        };

        var conf = _resolver.ResolvConfFor(pod);

        Assert.Equal(["my-ns.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"], conf.Searches);
        Assert.Equal(["a.b.c.", "a.b.c.my-ns.svc.cluster.local.", "a.b.c.svc.cluster.local.", "a.b.c.cluster.local.", "a.b.c.corp.example."], conf.Candidates("a.b.c"));
    }
}
