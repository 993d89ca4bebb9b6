using System.Text.Json;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class OpenApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await _http.GetStringAsync(path)).RootElement;

    /// <summary>
    /// The served documents must match the ones checked in under openapi/. After a deliberate
    /// change, regenerate them with: UPDATE_OPENAPI=1 dotnet test --filter OpenApiTests
    /// </summary>
    [Fact]
    public async Task ServedDocuments_MatchCheckedInFiles()
    {
        var index = await GetJsonAsync("/openapi/v3");
        foreach (var entry in index.GetProperty("paths").EnumerateObject())
        {
            var served = await _http.GetStringAsync("/openapi/v3/" + entry.Name);
            var file = Path.Combine(RepositoryRoot.Path, "openapi", entry.Name.Replace("/", "__") + "_openapi.json");
            if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(file, served);
            Assert.True(File.Exists(file), $"{file} is missing; run UPDATE_OPENAPI=1 dotnet test --filter OpenApiTests");
            var expected = await File.ReadAllTextAsync(file);
            var at = Enumerable.Range(0, Math.Min(served.Length, expected.Length)).FirstOrDefault(i => served[i] != expected[i], Math.Min(served.Length, expected.Length));
            Assert.True(served == expected,
                $"/openapi/v3/{entry.Name} drifted from {file} at character {at} (served: ...{Excerpt(served, at)}..., file: ...{Excerpt(expected, at)}...); run UPDATE_OPENAPI=1 dotnet test --filter OpenApiTests");
        }
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(120, text.Length - Math.Max(0, at - 60)));

    [Fact]
    public async Task Index_ListsCoreGroupVersionWithHashedUrl()
    {
        var index = await GetJsonAsync("/openapi/v3");
        var url = index.GetProperty("paths").GetProperty("api/v1").GetProperty("serverRelativeURL").GetString();
        Assert.StartsWith("/openapi/v3/api/v1?hash=", url);
    }

    [Theory]
    [InlineData("Pod")]
    [InlineData("Service")]
    [InlineData("Endpoints")]
    [InlineData("Namespace")]
    [InlineData("Node")]
    [InlineData("Event")]
    public async Task CoreDocument_HasPatchOperationWithKindAndFieldValidation(string kind)
    {
        var doc = await GetJsonAsync("/openapi/v3/api/v1");
        var patches = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("patch", out _))
            .Select(p => p.Value.GetProperty("patch"))
            .Where(op => op.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString() == kind)
            .ToList();

        Assert.NotEmpty(patches);
        Assert.All(patches, op => Assert.Contains(op.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "fieldValidation"));
        Assert.All(patches, op => Assert.Equal("patch", op.GetProperty("x-kubernetes-action").GetString()));
    }

    [Fact]
    public async Task Schemas_CarryKindsAndPatchMergeKeys()
    {
        var schemas = (await GetJsonAsync("/openapi/v3/api/v1")).GetProperty("components").GetProperty("schemas");

        var gvk = schemas.GetProperty("io.k8s.api.core.v1.Pod").GetProperty("x-kubernetes-group-version-kind")[0];
        Assert.Equal(("", "v1", "Pod"), (gvk.GetProperty("group").GetString(), gvk.GetProperty("version").GetString(), gvk.GetProperty("kind").GetString()));
        var containers = schemas.GetProperty("io.k8s.api.core.v1.PodSpec").GetProperty("properties").GetProperty("containers");
        Assert.Equal("name", containers.GetProperty("x-kubernetes-patch-merge-key").GetString());
        Assert.Equal("merge", containers.GetProperty("x-kubernetes-patch-strategy").GetString());
        var ports = schemas.GetProperty("io.k8s.api.core.v1.ServiceSpec").GetProperty("properties").GetProperty("ports");
        Assert.Equal("port", ports.GetProperty("x-kubernetes-patch-merge-key").GetString());
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        var response = await _http.GetAsync("/swagger/index.html");
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Operations_UseKubernetesOperationIds()
    {
        var doc = await GetJsonAsync("/openapi/v3/api/v1");
        var ids = doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Select(op => op.Value.GetProperty("operationId").GetString()).ToHashSet();

        Assert.Contains("listCoreV1NamespacedPod", ids);
        Assert.Contains("listCoreV1PodForAllNamespaces", ids);
        Assert.Contains("createCoreV1Namespace", ids);
        Assert.Contains("replaceCoreV1NamespacedServiceStatus", ids);
        Assert.Contains("deletecollectionCoreV1NamespacedEndpoints", ids);
    }

    [Theory]
    [InlineData("/api/v1/watch/namespaces/{namespace}/pods", "watchCoreV1NamespacedPodList", "watchlist", "watch individual changes to a list of Pod. deprecated: use the 'watch' parameter with a list operation instead.")]
    [InlineData("/api/v1/watch/namespaces/{namespace}/pods/{name}", "watchCoreV1NamespacedPod", "watch", "watch changes to an object of kind Pod. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.")]
    [InlineData("/api/v1/watch/pods", "watchCoreV1PodListForAllNamespaces", "watchlist", "watch individual changes to a list of Pod. deprecated: use the 'watch' parameter with a list operation instead.")]
    [InlineData("/api/v1/watch/namespaces", "watchCoreV1NamespaceList", "watchlist", "watch individual changes to a list of Namespace. deprecated: use the 'watch' parameter with a list operation instead.")]
    [InlineData("/api/v1/watch/namespaces/{name}", "watchCoreV1Namespace", "watch", "watch changes to an object of kind Namespace. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.")]
    public async Task WatchPaths_AreDocumentedAsDeprecatedWithWatchEvents(string path, string operationId, string action, string description)
    {
        var doc = await GetJsonAsync("/openapi/v3/api/v1");
        var get = doc.GetProperty("paths").GetProperty(path).GetProperty("get");
        Assert.Equal(operationId, get.GetProperty("operationId").GetString());
        Assert.Equal(action, get.GetProperty("x-kubernetes-action").GetString());
        Assert.Equal(description, get.GetProperty("description").GetString());
        var schema = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", schema.GetProperty("$ref").GetString());
    }
}
