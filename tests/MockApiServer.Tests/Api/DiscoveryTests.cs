using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class DiscoveryTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Version_ReportsKubernetes132()
    {
        var version = await factory.Client.Version.GetCodeAsync();
        Assert.Equal("1", version.Major);
        Assert.Equal("32", version.Minor);
        Assert.Equal("v1.32.0", version.GitVersion);
    }

    [Fact]
    public async Task VersionWithTrailingSlash_Answers()
    {
        var response = await _http.GetAsync("/version/");
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task CoreResourceList_HasKindsShortNamesAndCategories()
    {
        var list = await factory.Client.CoreV1.GetAPIResourcesAsync();

        var pods = list.Resources.Single(r => r.Name == "pods");
        Assert.Equal("Pod", pods.Kind);
        Assert.True(pods.Namespaced);
        Assert.Equal(["po"], pods.ShortNames);
        Assert.Equal(["all"], pods.Categories);
        Assert.Contains("watch", pods.Verbs);
        Assert.Contains(list.Resources, r => r.Name == "pods/status");
        foreach (var (name, shortName) in new[] { ("services", "svc"), ("endpoints", "ep"), ("namespaces", "ns"), ("nodes", "no"), ("events", "ev") })
            Assert.Equal([shortName], list.Resources.Single(r => r.Name == name).ShortNames);
        Assert.False(list.Resources.Single(r => r.Name == "nodes").Namespaced);
    }

    [Fact]
    public async Task CoreResourceList_HasPodLogAndExecSubresources()
    {
        var list = await factory.Client.CoreV1.GetAPIResourcesAsync();

        var log = list.Resources.Single(r => r.Name == "pods/log");
        Assert.Equal("Pod", log.Kind);
        Assert.Equal(["get"], log.Verbs);
        var exec = list.Resources.Single(r => r.Name == "pods/exec");
        Assert.Equal("PodExecOptions", exec.Kind);
        Assert.Equal(["create", "get"], exec.Verbs);
    }

    [Fact]
    public async Task Apis_Answers200()
    {
        var response = await _http.GetAsync("/apis");
        Assert.True(response.IsSuccessStatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("APIGroupList", body.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2beta1")]
    public async Task Api_WithAggregatedAccept_AnswersTheOfferedVersion(string version)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.Accept.ParseAdd($"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await _http.SendAsync(request);

        Assert.Equal(version, response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "v").Value);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"apidiscovery.k8s.io/{version}", body.GetProperty("apiVersion").GetString());
        var resources = body.GetProperty("items")[0].GetProperty("versions")[0].GetProperty("resources");
        Assert.Contains(resources.EnumerateArray(), r => r.GetProperty("resource").GetString() == "pods"
            && r.GetProperty("responseKind").GetProperty("kind").GetString() == "Pod");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_AnswerOk(string path)
    {
        Assert.Equal("ok", await _http.GetStringAsync(path));
    }
}
