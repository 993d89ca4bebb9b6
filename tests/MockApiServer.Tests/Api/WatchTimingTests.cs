using System.Text.Json;
using k8s;
using Microsoft.Extensions.Time.Testing;
using MockApiServer.Testing;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>A watch's timeout and bookmarks follow the server's clock, here a fake one the tests advance.</summary>
public sealed class WatchTimingTests(WatchTimingTests.Fixture factory) : IClassFixture<WatchTimingTests.Fixture>
{
    private const int BookmarkIntervalSeconds = 60;

    /// <summary>
    /// Only the namespace controller runs, and these tests delete nothing, so it never waits on the clock:
    /// the node heartbeats, the scheduler and kubelet, and the repair timer would stand still on it.
    /// </summary>
    public sealed class Fixture() : MockApiServerFactory(new MockApiServerOptions { TimeProvider = new FakeTimeProvider() })
    {
        public FakeTimeProvider Clock => (FakeTimeProvider)Options.TimeProvider!;

        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
            [new("Controllers", "namespace"), new("WatchBookmarkInterval", $"{BookmarkIntervalSeconds}")];
    }

    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<string> NamespaceAsync(string name)
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));
        return name;
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    [Fact]
    public async Task Watch_WithTimeoutSeconds_EndsCleanlyOnceThatTimeHasPassed()
    {
        var ns = await NamespaceAsync("wt-timeout");
        var start = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        // The server starts the timeout before it sends the headers, so advancing right after opening counts.
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&timeoutSeconds=30&resourceVersion={start}");

        factory.Clock.Advance(TimeSpan.FromSeconds(29));
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("still-open"), ns);
        var added = (await watch.NextAsync())!.Value;
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("ADDED", Type(added));
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Watch_WithBookmarksAllowed_GetsBookmarkWithOnlyKindAndVersionAfterTheInterval()
    {
        var ns = await NamespaceAsync("wt-bookmark");
        var start = (await _client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await using var watch = await WatchReader.OpenAsync(_http, $"/api/v1/namespaces/{ns}/pods?watch=true&allowWatchBookmarks=true&resourceVersion={start}");
        var next = watch.NextAsync();

        // Each probe moves the clock an interval on: the stream may not be waiting on its timer yet at the first.
        await Poll.UntilAsync(() =>
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(BookmarkIntervalSeconds));
            return Task.FromResult(next.IsCompleted);
        }, completed => completed);
        var bookmark = (await next)!.Value;

        Assert.Equal("BOOKMARK", Type(bookmark));
        var obj = bookmark.GetProperty("object");
        Assert.Equal("Pod", obj.GetProperty("kind").GetString());
        Assert.Equal("v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal(["kind", "apiVersion", "metadata"], obj.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["resourceVersion"], obj.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.True(long.Parse(obj.GetProperty("metadata").GetProperty("resourceVersion").GetString()!) >= long.Parse(start));
    }
}
