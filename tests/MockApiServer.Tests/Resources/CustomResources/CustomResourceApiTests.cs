using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.CustomResources;

public sealed class CustomResourceApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private readonly IKubernetes _client = factory.Client;

    private async Task<string> InstallAsync(string scope = "Namespaced")
    {
        var group = Crds.Group();
        await Crds.InstallAsync(_client, Crds.Website(group, scope));
        return group;
    }

    [Fact]
    public async Task Create_ThenGetAndList_ThroughCustomObjectsApi()
    {
        var group = await InstallAsync();

        var created = Crds.Json(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "blog", "blog.example.com", 2), group, "v1", "default", "websites"));
        var read = Crds.Json(await _client.CustomObjects.GetNamespacedCustomObjectAsync(group, "v1", "default", "websites", "blog"));
        var list = Crds.Json(await _client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1", "default", "websites", labelSelector: "app=blog"));

        Assert.Equal(1, created.GetProperty("metadata").GetProperty("generation").GetInt64());
        Assert.Equal("blog.example.com", read.GetProperty("spec").GetProperty("host").GetString());
        Assert.Equal($"{group}/v1", read.GetProperty("apiVersion").GetString());
        Assert.Equal("WebsiteList", list.GetProperty("kind").GetString());
        Assert.Equal("blog", list.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_WithStatusSubresource_DropsStatus_AndStatusPatchSetsItAlone()
    {
        var group = await InstallAsync();
        var site = (Dictionary<string, object>)Crds.Site(group, "shop", "shop.example.com", 1);
        site["status"] = new Dictionary<string, object> { ["phase"] = "Up" };

        var created = Crds.Json(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(site, group, "v1", "default", "websites"));
        var patched = Crds.Json(await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"phase\":\"Ready\"},\"spec\":{\"replicas\":9}}", V1Patch.PatchType.MergePatch), group, "v1", "default", "websites", "shop"));

        Assert.False(created.TryGetProperty("status", out _));
        Assert.Equal("Ready", patched.GetProperty("status").GetProperty("phase").GetString());
        Assert.Equal(1, patched.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(1, patched.GetProperty("metadata").GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task MergePatch_OfSpec_BumpsGeneration_AndStrategicMergeIsRefusedWith415()
    {
        var group = await InstallAsync();
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "docs", "docs.example.com", 1), group, "v1", "default", "websites");

        var patched = Crds.Json(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), group, "v1", "default", "websites", "docs"));

        Assert.Equal(3, patched.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(2, patched.GetProperty("metadata").GetProperty("generation").GetInt64());
        await StatusAssert.FailsAsync(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.StrategicMergePatch), group, "v1", "default", "websites", "docs"),
            415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }

    [Fact]
    public async Task ClusterScoped_ServesWithoutNamespace()
    {
        var group = await InstallAsync("Cluster");

        await _client.CustomObjects.CreateClusterCustomObjectAsync(Crds.Site(group, "global", "g.example.com", 1), group, "v1", "websites");
        var read = Crds.Json(await _client.CustomObjects.GetClusterCustomObjectAsync(group, "v1", "websites", "global"));

        Assert.False(read.GetProperty("metadata").TryGetProperty("namespace", out _));
    }

    [Fact]
    public async Task Discovery_ListsTheKindWithShortNamesCategoriesAndStatus()
    {
        var group = await InstallAsync();

        var list = await _http.GetFromJsonAsync<JsonElement>($"/apis/{group}/v1");
        var groups = await _client.Apis.GetAPIVersionsAsync();
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        var aggregated = await _http.GetStringAsync("/apis");

        var resources = list.GetProperty("resources").EnumerateArray().ToList();
        var websites = resources.Single(r => r.GetProperty("name").GetString() == "websites");
        Assert.Equal("ws", websites.GetProperty("shortNames")[0].GetString());
        Assert.Equal("all", websites.GetProperty("categories")[0].GetString());
        Assert.Contains(resources, r => r.GetProperty("name").GetString() == "websites/status");
        Assert.Equal($"{group}/v1", groups.Groups.Single(g => g.Name == group).PreferredVersion.GroupVersion);
        Assert.Contains($"\"name\":\"{group}\"", aggregated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_HasPrinterColumns()
    {
        var group = await InstallAsync();
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "wiki", "wiki.example.com", 2), group, "v1", "default", "websites");
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", V1Patch.PatchType.MergePatch), group, "v1", "default", "websites", "wiki");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/{group}/v1/namespaces/default/websites");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));

        using var response = await _http.SendAsync(request);
        var table = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["Name", "Host", "Replicas", "Ready"], table.GetProperty("columnDefinitions").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        var cells = table.GetProperty("rows")[0].GetProperty("cells");
        Assert.Equal("wiki.example.com", cells[1].GetString());
        Assert.Equal(2, cells[2].GetInt64());
        Assert.Equal("True", cells[3].GetString());
    }

    [Fact]
    public async Task Watch_SeesAddedAndModified()
    {
        var group = await InstallAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _http.GetAsync($"/apis/{group}/v1/namespaces/default/websites?watch=true", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "news", "news.example.com", 1), group, "v1", "default", "websites", cancellationToken: cts.Token);
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.MergePatch), group, "v1", "default", "websites", "news", cancellationToken: cts.Token);
        var first = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!).RootElement;
        var second = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!).RootElement;

        Assert.Equal("ADDED", first.GetProperty("type").GetString());
        Assert.Equal("MODIFIED", second.GetProperty("type").GetString());
        Assert.Equal(2, second.GetProperty("object").GetProperty("spec").GetProperty("replicas").GetInt32());
    }

    [Fact]
    public async Task OpenApiV3_PublishesTheSchemaWithItsGroupVersionKind()
    {
        var group = await InstallAsync();

        var index = await _http.GetFromJsonAsync<JsonElement>("/openapi/v3");
        var url = index.GetProperty("paths").GetProperty($"apis/{group}/v1").GetProperty("serverRelativeURL").GetString()!;
        var document = await _http.GetFromJsonAsync<JsonElement>(url);

        var reversed = string.Join('.', group.Split('.').Reverse());
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty($"{reversed}.v1.Website");
        Assert.Equal("Website", schema.GetProperty("x-kubernetes-group-version-kind")[0].GetProperty("kind").GetString());
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("spec").GetProperty("properties").GetProperty("replicas").GetProperty("type").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", out _));
    }

    [Fact]
    public async Task Put_OnTheCollection_Returns405LikeABuiltInKind()
    {
        var group = await InstallAsync();

        using var response = await _http.PutAsync($"/apis/{group}/v1/namespaces/default/websites", new StringContent("{}"));

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
