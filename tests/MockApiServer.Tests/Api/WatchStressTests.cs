using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class WatchStressTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    /// <summary>
    /// N writers and M watchers from one starting revision: every watcher sees every change of
    /// the namespace exactly once, in revision order — the same sequence as the store's history.
    /// </summary>
    [Fact]
    public async Task ManyWritersAndWatchers_EveryWatcherSeesEveryRevisionOnceInOrder()
    {
        const int writers = 4, perWriter = 60, watchers = 8;
        var client = factory.Client;
        await client.CoreV1.CreateNamespaceAsync(Objects.Namespace("stress"));
        var start = (await client.CoreV1.ListNamespacedPodAsync("stress")).Metadata.ResourceVersion;
        var readers = new List<WatchReader>();
        for (var w = 0; w < watchers; w++)
            readers.Add(await WatchReader.OpenAsync(factory.CreateClient(), $"/api/v1/namespaces/stress/pods?watch=true&resourceVersion={start}"));

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var name = $"w{w}-{i}";
                var pod = await client.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name), "stress");
                if (i % 3 == 0)
                {
                    pod.Metadata.Labels = Objects.Labels(("touched", "yes"));
                    await client.CoreV1.ReplaceNamespacedPodAsync(pod, name, "stress");
                }
                if (i % 5 == 0) await client.CoreV1.DeleteNamespacedPodAsync(name, "stress");
            }
        })));

        var expected = factory.Services.GetRequiredService<MockApiServer.Machinery.ResourceStore>().ChangesSince(long.Parse(start))
            .Where(c => c.Object.Resource.Plural == "pods" && c.Object.Namespace == "stress")
            .Select(c => (c.Revision, c.Type.ToString().ToUpperInvariant(), c.Object.Name)).ToList();
        var seen = new ConcurrentBag<List<(long, string, string)>>();
        await Task.WhenAll(readers.Select(async reader =>
        {
            var events = new List<(long, string, string)>();
            while (events.Count < expected.Count && await reader.NextAsync() is { } e)
            {
                var meta = e.GetProperty("object").GetProperty("metadata");
                events.Add((long.Parse(meta.GetProperty("resourceVersion").GetString()!), e.GetProperty("type").GetString()!, meta.GetProperty("name").GetString()!));
            }
            seen.Add(events);
            await reader.DisposeAsync();
        }));

        Assert.Equal(writers * perWriter + writers * (perWriter / 3) + writers * (perWriter / 5), expected.Count);
        Assert.All(seen, events => Assert.Equal(expected, events));
    }
}
