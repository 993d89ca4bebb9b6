using Microsoft.Extensions.Time.Testing;
using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage.Etcd;

/// <summary>kube-apiserver's compactor on the etcd backend, on a fake clock.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdCompactorTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly StorageKey Web = new("pods", "default", "web");
    private readonly string _prefix = EtcdCluster.NewPrefix();

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Compactor_AtEachInterval_CompactsToARevisionItSawAnIntervalBefore()
    {
        var time = new FakeTimeProvider();
        await using var store = EtcdCluster.Backend(_prefix, ["pods"], time, Interval);
        store.Open();
        var written = store.Commit([new StorageTransaction().Require(Web, 0).Put(Web, "v1"u8.ToArray())]);
        var compactedBefore = store.CompactedRevision;

        // The first turn records the revision (or learns whose turn it is); a later one compacts to what an earlier turn saw.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (store.CompactedRevision < written && DateTime.UtcNow < deadline)
        {
            time.Advance(Interval);
            await Task.Delay(20);
        }

        Assert.True(store.CompactedRevision >= written, $"compacted to {store.CompactedRevision}, wrote at {written}, was at {compactedBefore}");
        Assert.True(store.CompactedRevision <= store.Revision);
        Assert.Equal("v1"u8.ToArray(), store.Get(Web)!.Value);
        Assert.Equal(StorageError.Compacted, Assert.Throws<StorageException>(() => store.Get(Web, store.CompactedRevision - 1)).Error);
    }

    public async Task DisposeAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EtcdCluster.Variable))) await EtcdCluster.DeletePrefixAsync(_prefix);
    }
}
