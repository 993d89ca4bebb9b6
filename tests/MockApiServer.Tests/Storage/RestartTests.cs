using k8s;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Storage;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_OnSameFile_KeepsObjectsUidsVersionsAndTimestamps()
    {
        var db = Path.Combine(Path.GetTempPath(), $"mockapi-restart-{Guid.NewGuid():N}.db");
        k8s.Models.V1Pod created;
        using (var first = new MockApiServerFactory { DatabasePath = db, KeepDatabase = true })
        {
            created = await first.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("durable"), "default");
        }

        using var second = new MockApiServerFactory { DatabasePath = db };
        var client = second.Client;
        var reloaded = await client.CoreV1.ReadNamespacedPodAsync("durable", "default");
        var next = await client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("after"), "default");

        Assert.Equal(created.Metadata.Uid, reloaded.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, reloaded.Metadata.ResourceVersion);
        Assert.Equal(created.Metadata.CreationTimestamp, reloaded.Metadata.CreationTimestamp);
        Assert.True(long.Parse(next.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        Assert.Equal(4, (await client.CoreV1.ListNamespaceAsync()).Items.Count);
    }
}
