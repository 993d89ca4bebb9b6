using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>
/// The deprecated watch paths (/api/v1/watch/…, /apis/{group}/{version}/watch/…): a list with
/// watch=true, the single-object form a field selector on the name.
/// </summary>
public sealed class WatchPathTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static string Name(JsonElement e) => e.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;

    private async Task<string> NamespaceAsync(string name)
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));
        return name;
    }

    [Fact]
    public async Task NamespacedWatchPath_StreamsLikeWatchTrue()
    {
        var ns = await NamespaceAsync("wp-ns");
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns);
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/watch/namespaces/{ns}/pods?resourceVersion={list.Metadata.ResourceVersion}");
        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);

        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p1"), ns);
        await _client.CoreV1.DeleteNamespacedPodAsync("p1", ns);

        var added = (await watch.NextAsync())!.Value;
        var deleted = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "p1"), (Type(added), Name(added)));
        Assert.Equal(("DELETED", "p1"), (Type(deleted), Name(deleted)));
    }

    [Fact]
    public async Task WatchPath_IgnoresWatchFalse()
    {
        var ns = await NamespaceAsync("wp-false");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a"), ns);
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/watch/namespaces/{ns}/pods?watch=false");
        var first = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "a"), (Type(first), Name(first)));
    }

    [Fact]
    public async Task NamedWatchPath_SeesOnlyThatObject()
    {
        var ns = await NamespaceAsync("wp-named");
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns);
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/watch/namespaces/{ns}/pods/wanted?resourceVersion={list.Metadata.ResourceVersion}");

        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("other"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("wanted"), ns);

        var first = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "wanted"), (Type(first), Name(first)));
    }

    [Fact]
    public async Task AllNamespacesWatchPath_SeesEveryNamespace()
    {
        var a = await NamespaceAsync("wp-all-a");
        var b = await NamespaceAsync("wp-all-b");
        var list = await _client.CoreV1.ListPodForAllNamespacesAsync();
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/watch/pods?resourceVersion={list.Metadata.ResourceVersion}&labelSelector=wp%3Dall");

        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("x", Objects.Labels(("wp", "all"))), a);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("y", Objects.Labels(("wp", "all"))), b);

        var names = new[] { (await watch.NextAsync())!.Value, (await watch.NextAsync())!.Value }
            .Select(e => e.GetProperty("object").GetProperty("metadata").GetProperty("namespace").GetString()).ToList();
        Assert.Equal([a, b], names);
    }

    [Fact]
    public async Task ClusterScopedAndGroupWatchPaths_Stream()
    {
        var ns = await NamespaceAsync("wp-cluster");
        await using (var namespaces = await WatchReader.OpenAsync(_http, $"/api/v1/watch/namespaces/{ns}"))
        {
            var first = (await namespaces.NextAsync())!.Value;
            Assert.Equal(("ADDED", ns), (Type(first), Name(first)));
        }
        await using var slices = await WatchReader.OpenAsync(_http, $"/apis/discovery.k8s.io/v1/watch/namespaces/{ns}/endpointslices?labelSelector=none%3Dnone&timeoutSeconds=1");
        Assert.Equal(HttpStatusCode.OK, slices.Response.StatusCode);
        Assert.Null(await slices.NextAsync());
    }

    [Fact]
    public async Task NamedWatchPath_WithOtherNameInFieldSelector_IsBadRequest()
    {
        var response = await _http.GetAsync("/api/v1/watch/namespaces/default/pods/a?fieldSelector=metadata.name%3Db");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("fieldSelector metadata.name doesn't match requested name", status.GetProperty("message").GetString());
        Assert.Equal("BadRequest", status.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task NamedWatchPath_WithSameNameInFieldSelector_Streams()
    {
        var ns = await NamespaceAsync("wp-same");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a"), ns);
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/watch/namespaces/{ns}/pods/a?fieldSelector=metadata.name%3Da");
        var first = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "a"), (Type(first), Name(first)));
    }

    [Fact]
    public async Task WatchPath_ForUnknownResource_Is404()
    {
        var response = await _http.GetAsync("/api/v1/watch/namespaces/default/widgets");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
