using System.Text.Json;
using k8s;
using MockApiServer.Resources.RouteReviews;
using MockApiServer.Tests.Infrastructure;
using MockApiServer.Tests.Networking.Routing;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Hosting;

/// <summary>
/// A server started with other networks, zone and version than the defaults: every component
/// that uses them follows the switch (regressions: each once had its own copy of the default).
/// </summary>
public sealed class NonDefaultOptionsTests(NonDefaultOptionsTests.Factory factory) : IClassFixture<NonDefaultOptionsTests.Factory>
{
    public sealed class Factory : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            new("Seed", "42"),
            new("Controllers", "*,-kubelet,-scheduler,-loadbalancer,-endpoints,-endpointslice,-endpointslice-mirroring"),
            new("ClusterCidr", "10.200.0.0/16"),
            new("ClusterDomain", "example.internal"),
            new("KubernetesVersion", "v1.31.4"),
        ];
    }

    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private ClusterSeed Seed => new(_client);

    [Fact]
    public async Task ClusterCidr_IsThePodNetworkInTheIptablesRules()
    {
        var web = await Seed.ServiceAsync(Service("cidr-web", "", Port("http", 80, 8080, nodePort: 30180)).NodePort());
        await Seed.SliceAsync(Slice(web, "http", 8080, Endpoint("10.200.1.5", "node-1", "cidr-web-a")));

        var text = await _http.GetStringAsync("/apis/mockapi.dev/v1/nodes/node-1/iptables");

        Assert.Contains($" ! -s 10.200.0.0/16 -d {web.Spec.ClusterIP}/32 ", text);
        Assert.DoesNotContain("10.244.0.0/16", text);
    }

    [Fact]
    public async Task ClusterCidr_ASourceInIt_IsAPodForExternalTrafficPolicyLocal()
    {
        var svc = await Seed.ServiceAsync(Service("cidr-local", "", Port(null, 80, 5000, nodePort: 30181)).NodePort("Local"));
        await Seed.SliceAsync(Slice(svc, "", 5000, Endpoint("10.200.1.60", "node-1", "cidr-local-0")));

        var fromPod = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "172.18.0.3:30181", SourceIp = "10.200.3.5" });
        var fromOldDefault = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "172.18.0.3:30181", SourceIp = "10.244.3.5" });

        Assert.True(fromPod.Status!.Routed, fromPod.Status.Message);
        Assert.Contains(fromPod.Status.Hops!, h => h.Comment?.StartsWith("pod traffic for", StringComparison.Ordinal) == true);
        Assert.Equal("NoLocalEndpoints", fromOldDefault.Status!.Reason);
    }

    [Fact]
    public async Task ClusterDomain_FullServiceNames_ResolveInThatZoneOnly()
    {
        var svc = await Seed.ServiceAsync(Service("zoned", "", Port(null, 80, 8080)));
        await Seed.SliceAsync(Slice(svc, "", 8080, Endpoint("10.200.2.9", "node-2", "zoned-0")));

        var inZone = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "zoned.default.svc.example.internal:80" });
        var defaultZone = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "zoned.default.svc.cluster.local:80" });

        Assert.True(inZone.Status!.Routed, inZone.Status.Message);
        Assert.Equal($"{svc.Spec.ClusterIP}:80", inZone.Status.Destination);
        Assert.Equal("NotResolved", defaultZone.Status!.Reason);
    }

    [Theory]
    [InlineData("/openapi/v3/api/v1")]
    [InlineData("/openapi/v2")]
    public async Task KubernetesVersion_IsTheOpenApiInfoVersion(string path)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(path));

        Assert.Equal("v1.31.4", doc.RootElement.GetProperty("info").GetProperty("version").GetString());
    }

    [Fact]
    public async Task KubernetesVersion_IsWhatVersionReports()
    {
        var version = await _client.Version.GetCodeAsync();

        Assert.Equal(("v1.31.4", "1", "31"), (version.GitVersion, version.Major, version.Minor));
    }
}
