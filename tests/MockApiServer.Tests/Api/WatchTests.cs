using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class WatchTests(WatchTests.Fixture factory) : IClassFixture<WatchTests.Fixture>
{
    /// <summary>A small history so expiry is quick to reach; the timeout and bookmarks are in <see cref="WatchTimingTests"/>, on a fake clock.</summary>
    public sealed class Fixture : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("HistorySize", "100")];
    }

    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<string> NamespaceAsync(string name)
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));
        return name;
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static string Name(JsonElement e) => e.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;

    [Fact]
    public async Task Watch_FromListResourceVersion_GetsOnlyLaterChangesInOrder()
    {
        var ns = await NamespaceAsync("w-order");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("before"), ns);
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns);
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={list.Metadata.ResourceVersion}");

        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("w1"), ns);
        pod.Metadata.Labels = Objects.Labels(("x", "1"));
        await _client.CoreV1.ReplaceNamespacedPodAsync(pod, "w1", ns);
        await _client.CoreV1.DeleteNamespacedPodAsync("w1", ns);

        var events = new[] { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() }.Select(e => e!.Value).ToList();
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(Type));
        Assert.All(events, e => Assert.Equal("w1", Name(e)));
        var versions = events.Select(e => long.Parse(e.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_ReplaysCurrentStateAsAdded()
    {
        var ns = await NamespaceAsync("w-replay");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("b"), ns);

        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=1");

        var first = (await watch.NextAsync())!.Value;
        var second = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "a"), (Type(first), Name(first)));
        Assert.Equal(("ADDED", "b"), (Type(second), Name(second)));
    }

    [Fact]
    public async Task Watch_WithOfficialClient_SeesCreateModifyDelete()
    {
        var ns = await NamespaceAsync("w-client");
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns);
        var seen = new List<(WatchEventType, string)>();
        using var cts = new CancellationTokenSource(10_000);
        var watching = Task.Run(async () =>
        {
            var events = _client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token);
            await foreach (var (type, pod) in events)
            {
                seen.Add((type, pod.Metadata.Name));
                if (type == WatchEventType.Deleted) return;
            }
        });

        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("c1"), ns);
        created.Metadata.Labels = Objects.Labels(("v", "2"));
        await _client.CoreV1.ReplaceNamespacedPodAsync(created, "c1", ns);
        await _client.CoreV1.DeleteNamespacedPodAsync("c1", ns);
        await watching;

        Assert.Equal([(WatchEventType.Added, "c1"), (WatchEventType.Modified, "c1"), (WatchEventType.Deleted, "c1")], seen);
    }

    [Fact]
    public async Task Watch_ResumedFromLastSeenVersion_HasNoGapAndNoDuplicate()
    {
        var ns = await NamespaceAsync("w-resume");
        var start = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        string lastSeen;
        await using (var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={start}"))
        {
            await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("r1"), ns);
            var e = (await watch.NextAsync())!.Value;
            lastSeen = e.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        }
        // Changes made while disconnected.
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("r2"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("r3"), ns);

        await using var resumed = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={lastSeen}");
        var names = new[] { await resumed.NextAsync(), await resumed.NextAsync() }.Select(e => Name(e!.Value)).ToList();

        Assert.Equal(["r2", "r3"], names);
    }

    [Fact]
    public async Task Watch_FromCompactedVersion_SendsExpiredErrorEvent()
    {
        var ns = await NamespaceAsync("w-expired");
        var old = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        for (var i = 0; i < 210; i++) await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod($"e{i}"), ns);

        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={old}");
        var error = (await watch.NextAsync())!.Value;

        Assert.Equal("ERROR", Type(error));
        var status = error.GetProperty("object");
        Assert.Equal(410, status.GetProperty("code").GetInt32());
        Assert.Equal("Expired", status.GetProperty("reason").GetString());
        Assert.StartsWith($"too old resource version: {old} (", status.GetProperty("message").GetString());
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task List_ExactCompactedVersion_IsGone()
    {
        var ns = await NamespaceAsync("w-gone");
        var old = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        for (var i = 0; i < 210; i++) await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod($"g{i}"), ns);

        await StatusAssert.FailsAsync(() => _client.CoreV1.ListNamespacedPodAsync(ns, resourceVersion: old, resourceVersionMatch: "Exact"), 410, "Expired");
    }

    [Fact]
    public async Task Watch_WithLabelSelector_SendsTransitionsAsAddedAndDeleted()
    {
        var ns = await NamespaceAsync("w-select");
        var start = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&labelSelector=app%3Dx&resourceVersion={start}");

        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("t", Objects.Labels(("app", "y"))), ns);
        pod.Metadata.Labels["app"] = "x";
        pod = await _client.CoreV1.ReplaceNamespacedPodAsync(pod, "t", ns);
        pod.Metadata.Labels["app"] = "z";
        await _client.CoreV1.ReplaceNamespacedPodAsync(pod, "t", ns);

        Assert.Equal("ADDED", Type((await watch.NextAsync())!.Value));
        Assert.Equal("DELETED", Type((await watch.NextAsync())!.Value));
    }

    [Fact]
    public async Task Watch_SingleObjectByNameField_SeesOnlyThatObject()
    {
        var ns = await NamespaceAsync("w-single");
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&fieldSelector=metadata.name%3Done");

        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("other"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("one"), ns);

        Assert.Equal("one", Name((await watch.NextAsync())!.Value));
    }

    [Fact]
    public async Task Watch_AcrossNamespaces_SeesEveryNamespace()
    {
        var a = await NamespaceAsync("w-all-a");
        var b = await NamespaceAsync("w-all-b");
        var start = (await _client.CoreV1.ListPodForAllNamespacesAsync()).Metadata.ResourceVersion;
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/pods?watch=true&resourceVersion={start}");

        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pa"), a);
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pb"), b);

        Assert.Equal("pa", Name((await watch.NextAsync())!.Value));
        Assert.Equal("pb", Name((await watch.NextAsync())!.Value));
    }

    [Fact]
    public async Task WatchList_SendInitialEvents_EndsInitialEventsWithAnnotatedBookmark()
    {
        var ns = await NamespaceAsync("w-watchlist");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("i1"), ns);

        await using var watch = await WatchReader.OpenAsync(_http,
            $"/api/v1/namespaces/{ns}/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        var added = (await watch.NextAsync())!.Value;
        var end = (await watch.NextAsync())!.Value;

        Assert.Equal(("ADDED", "i1"), (Type(added), Name(added)));
        Assert.Equal("BOOKMARK", Type(end));
        Assert.Equal("true", end.GetProperty("object").GetProperty("metadata").GetProperty("annotations").GetProperty("k8s.io/initial-events-end").GetString());
    }

    [Fact]
    public async Task Watch_AsTable_FirstEventCarriesColumnsAndOneRow()
    {
        var ns = await NamespaceAsync("w-table");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("tb"), ns);

        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        var e = (await watch.NextAsync())!.Value;

        var table = e.GetProperty("object");
        Assert.Equal("Table", table.GetProperty("kind").GetString());
        Assert.Equal("NAME", table.GetProperty("columnDefinitions")[0].GetProperty("name").GetString()!.ToUpperInvariant());
        Assert.Equal("tb", table.GetProperty("rows")[0].GetProperty("cells")[0].GetString());
    }
}
