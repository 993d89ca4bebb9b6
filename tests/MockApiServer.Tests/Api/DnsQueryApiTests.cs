using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MockApiServer.Tests.Networking.Dns;
using static MockApiServer.Tests.Networking.Dns.DnsClusterFactory;

namespace MockApiServer.Tests.Api;

public sealed class DnsQueryApiTests(DnsClusterFactory factory) : IClassFixture<DnsClusterFactory>
{
    private const string Path = "/apis/mockapi.dev/v1/dnsqueries";

    private readonly HttpClient _http = factory.CreateClient();

    private async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(object spec, string path = Path)
    {
        var response = await _http.PostAsJsonAsync(path, new { apiVersion = "mockapi.dev/v1", kind = "DNSQuery", spec });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_FromNamespace_ResolvesTheShortNameThroughTheSearchPath()
    {
        var (code, body) = await PostAsync(new { name = "redis-master", fromNamespace = "my-ns" });

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("DNSQuery", body["kind"]!.GetValue<string>());
        Assert.Equal("mockapi.dev/v1", body["apiVersion"]!.GetValue<string>());
        var status = body["status"]!;
        Assert.Equal("NOERROR", status["rcode"]!.GetValue<string>());
        Assert.Equal("redis-master.my-ns.svc.cluster.local.", status["expansion"]!.GetValue<string>());
        Assert.Equal(["redis-master.my-ns.svc.cluster.local."], Strings(status["tried"]));
        var answer = status["answers"]![0]!;
        Assert.Equal(("redis-master.my-ns.svc.cluster.local.", "A", 30, RedisIp),
            (answer["name"]!.GetValue<string>(), answer["type"]!.GetValue<string>(), answer["ttl"]!.GetValue<int>(), answer["data"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_FromPodInAnotherNamespace_NeedsTheNamespaceInTheName()
    {
        var (_, shortName) = await PostAsync(new { name = "redis-master", fromPod = new { @namespace = "default", name = "probe" } });
        var (_, qualified) = await PostAsync(new { name = "redis-master.my-ns", fromPod = new { @namespace = "default", name = "probe" } });

        Assert.Equal("NXDOMAIN", shortName["status"]!["rcode"]!.GetValue<string>());
        Assert.Null(shortName["status"]!["expansion"]);
        Assert.Equal(4, shortName["status"]!["tried"]!.AsArray().Count);
        Assert.Equal("redis-master.my-ns.svc.cluster.local.", qualified["status"]!["expansion"]!.GetValue<string>());
        Assert.Equal(["redis-master.my-ns.default.svc.cluster.local.", "redis-master.my-ns.svc.cluster.local."], Strings(qualified["status"]!["tried"]));
    }

    [Fact]
    public async Task Create_FromNamespace_ResolvesShortNamesThere()
    {
        var (code, body) = await PostAsync(new { name = "web-0.web", fromNamespace = "my-ns" });

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(Web0Ip, body["status"]!["answers"]![0]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_PtrForAnIp_AsksForItsReverseName()
    {
        var (_, body) = await PostAsync(new { name = FrontendIp, type = "PTR" });

        Assert.Equal(["80.100.96.10.in-addr.arpa."], Strings(body["status"]!["tried"]));
        Assert.Equal("frontend-svc.default.svc.cluster.local.", body["status"]!["answers"]![0]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_SrvWithoutSearchPath_AnswersInPresentationForm()
    {
        var (_, body) = await PostAsync(new { name = "_http._tcp.frontend-svc.default.svc.cluster.local", type = "srv" });

        Assert.Equal("SRV", body["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("0 100 80 frontend-svc.default.svc.cluster.local.", body["status"]!["answers"]![0]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Cname_ForExternalName()
    {
        var (_, body) = await PostAsync(new { name = "ext", type = "CNAME", fromNamespace = "my-ns" });

        Assert.Equal("db.example.com.", body["status"]!["answers"]![0]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_YamlBody_IsAccepted()
    {
        var yaml = "apiVersion: mockapi.dev/v1\nkind: DNSQuery\nspec:\n  name: dns-version.cluster.local.\n  type: TXT\n";

        var response = await _http.PostAsync(Path, new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\\u00221.1.0\\u0022", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_UnsupportedType_IsInvalid()
    {
        var (code, body) = await PostAsync(new { name = "x", type = "MX" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Equal("spec.type", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_FromMissingPod_IsInvalid()
    {
        var (code, body) = await PostAsync(new { name = "x", fromPod = new { @namespace = "default", name = "ghost" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("spec.fromPod.name: Not found: \"default/ghost\"", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_WrongKind_IsBadRequest()
    {
        var response = await _http.PostAsJsonAsync(Path, new { apiVersion = "mockapi.dev/v1", kind = "RouteReview", spec = new { name = "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_IsNotServed()
    {
        var response = await _http.GetAsync(Path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
