using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class ListTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>, IAsyncLifetime
{
    private readonly IKubernetes _client = factory.Client;

    public async Task InitializeAsync()
    {
        if ((await _client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "lists")) return;
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("lists"));
        foreach (var (name, app) in new[] { ("p1", "a"), ("p2", "b"), ("p3", "c"), ("p4", "a"), ("p5", "b") })
            await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name, Objects.Labels(("app", app), ("idx", name[1..]))), "lists");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> NamesAsync(string? labels = null, string? fields = null) =>
        (await _client.CoreV1.ListNamespacedPodAsync("lists", labelSelector: labels, fieldSelector: fields)).Items.Select(p => p.Metadata.Name).ToArray();

    [Theory]
    [InlineData("app=a", new[] { "p1", "p4" })]
    [InlineData("app==b", new[] { "p2", "p5" })]
    [InlineData("app!=a", new[] { "p2", "p3", "p5" })]
    [InlineData("app in (a,c)", new[] { "p1", "p3", "p4" })]
    [InlineData("app notin (a,c)", new[] { "p2", "p5" })]
    [InlineData("app", new[] { "p1", "p2", "p3", "p4", "p5" })]
    [InlineData("!app", new string[0])]
    [InlineData("app=a,idx=4", new[] { "p4" })]
    [InlineData("idx>3", new[] { "p4", "p5" })]
    public async Task List_WithLabelSelector_ReturnsMatches(string selector, string[] expected)
    {
        Assert.Equal(expected, await NamesAsync(labels: selector));
    }

    [Theory]
    [InlineData("metadata.name=p2", new[] { "p2" })]
    [InlineData("metadata.name!=p2,metadata.name!=p3", new[] { "p1", "p4", "p5" })]
    [InlineData("status.phase=Pending", new[] { "p1", "p2", "p3", "p4", "p5" })]
    [InlineData("status.phase==Running", new string[0])]
    [InlineData("spec.nodeName=", new[] { "p1", "p2", "p3", "p4", "p5" })]
    public async Task List_WithFieldSelector_ReturnsMatches(string selector, string[] expected)
    {
        Assert.Equal(expected, await NamesAsync(fields: selector));
    }

    [Theory]
    [InlineData("Exact")]
    [InlineData("NotOlderThan")]
    public async Task List_AtAFutureResourceVersion_IsOneTooLargeTimeout(string match)
    {
        var current = long.Parse((await _client.CoreV1.ListNamespacedPodAsync("lists")).Metadata.ResourceVersion);
        var future = current + 1_000_000;

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.ListNamespacedPodAsync("lists", resourceVersion: future.ToString(), resourceVersionMatch: match),
            504, "Timeout");

        Assert.StartsWith($"Too large resource version: {future}, current: ", status.Message);
        Assert.Equal("ResourceVersionTooLarge", Assert.Single(status.Details.Causes).Reason);
        Assert.Equal(1, status.Details.RetryAfterSeconds);
    }

    [Fact]
    public async Task List_WithLimit_PagesAConsistentSnapshot()
    {
        var first = await _client.CoreV1.ListNamespacedPodAsync("lists", limit: 2);
        Assert.Equal(["p1", "p2"], first.Items.Select(p => p.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));

        // A write between pages must not show up in the rest of the snapshot.
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p3a"), "lists");
        await _client.CoreV1.DeleteNamespacedPodAsync("p5", "lists");

        var second = await _client.CoreV1.ListNamespacedPodAsync("lists", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await _client.CoreV1.ListNamespacedPodAsync("lists", limit: 2, continueParameter: second.Metadata.ContinueProperty);

        Assert.Equal(["p3", "p4"], second.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["p5"], third.Items.Select(p => p.Metadata.Name));
        Assert.Null(third.Metadata.ContinueProperty);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);

        await _client.CoreV1.DeleteNamespacedPodAsync("p3a", "lists");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p5", Objects.Labels(("app", "b"), ("idx", "5"))), "lists");
    }

    [Fact]
    public async Task List_ResourceVersionIsTheStoreRevision()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync("lists");
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("rv-probe"), "default");

        Assert.True(long.Parse(created.Metadata.ResourceVersion) > long.Parse(list.Metadata.ResourceVersion));
        Assert.All(list.Items, p => Assert.True(long.Parse(p.Metadata.ResourceVersion) <= long.Parse(list.Metadata.ResourceVersion)));
    }

    [Fact]
    public async Task List_ExactOldResourceVersion_ShowsThePastState()
    {
        var before = await _client.CoreV1.ListNamespacedPodAsync("default");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("later"), "default");

        var past = await _client.CoreV1.ListNamespacedPodAsync("default", resourceVersion: before.Metadata.ResourceVersion, resourceVersionMatch: "Exact");

        Assert.DoesNotContain(past.Items, p => p.Metadata.Name == "later");
        Assert.Equal(before.Metadata.ResourceVersion, past.Metadata.ResourceVersion);
    }
}
