using System.Globalization;
using k8s;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Storage;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery.Cache;

/// <summary>
/// The single writer's guarantees: acknowledged after commit, one commit per batch with consecutive
/// revisions in submission order, each write rolled back alone, dry runs free, watchers in order.
/// </summary>
public sealed class ObjectCacheTests : IAsyncLifetime
{
    private GatedStorageBackend _backend = null!;
    private InMemoryStore _store = null!;

    private ObjectCache Cache => _store.Cache;

    private ResourceDefinition Endpoints => _store.Endpoints;

    public async Task InitializeAsync() =>
        _store = await InMemoryStore.OpenAsync(options => _backend = new GatedStorageBackend(new SqliteStorageBackend(options)));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private StoredObject Put(IWriteTransaction tx, string name)
    {
        var endpoints = InMemoryStore.NewEndpoints(name);
        endpoints.Metadata.NamespaceProperty = "default";
        return tx.Put(Endpoints, endpoints);
    }

    private Task<StoredObject> PutAsync(string name, bool dryRun = false) => Cache.WriteAsync(tx => Put(tx, name), dryRun);

    private StoredObject? Committed(string name) => Cache.Snapshot.Get(Endpoints, "default", name);

    private static List<(long Revision, string Name)> Drain(WatchSubscription watch)
    {
        var events = new List<(long, string)>();
        while (watch.Events.TryRead(out var change)) events.Add((change.Revision, change.Object.Name));
        return events;
    }

    [Fact]
    public async Task WriteAsync_WhileItsCommitIsHeld_IsNotAcknowledgedNorVisible()
    {
        var before = Cache.Snapshot.Revision;
        var inCommit = _backend.HoldNextCommit();

        var write = PutAsync("a");
        await inCommit;

        Assert.False(write.IsCompleted);
        Assert.Null(Committed("a"));
        Assert.Equal(before, Cache.Snapshot.Revision);
        _backend.Release();
        await write;
    }

    [Fact]
    public async Task WriteAsync_WhenAwaited_IsCommittedAndInTheSnapshot()
    {
        var written = await PutAsync("a");

        Assert.Equal(written.ResourceVersion, Cache.Snapshot.Revision);
        Assert.Same(written, Committed("a"));
        var stored = _backend.Get(new StorageKey("endpoints", "default", "a"));
        Assert.NotNull(stored);
        Assert.Equal(written.ResourceVersion, stored.Revision);
        Assert.Equal(written.ResourceVersion, _backend.Revision);
    }

    [Fact]
    public async Task WriteAsync_QueuedTogether_CommitAsOneBatchWithConsecutiveRevisionsInSubmissionOrder()
    {
        var before = Cache.Snapshot.Revision;
        var hold = await _store.HoldWriterAsync();
        var commits = _backend.BatchSizes.Count;

        var writes = new[] { "e", "d", "c", "b", "a" }.Select(name => PutAsync(name)).ToList();
        await hold.ReleaseAsync();
        var written = await Task.WhenAll(writes);

        Assert.Equal([before + 1, before + 2, before + 3, before + 4, before + 5], written.Select(o => o.ResourceVersion));
        Assert.Equal([5], _backend.BatchSizes.Skip(commits));
        Assert.Equal(before + 5, Cache.Snapshot.Revision);
    }

    [Fact]
    public async Task WriteAsync_InABatch_ReadsTheEarlierWritesOfTheSameBatchBeforeTheyAreCommitted()
    {
        var hold = await _store.HoldWriterAsync();

        var first = PutAsync("a");
        var second = Cache.WriteAsync(tx => (InBatch: tx.Get(Endpoints, "default", "a"), InSnapshot: Committed("a")));
        await hold.ReleaseAsync();

        var seen = await second;
        Assert.Equal((await first).ResourceVersion, seen.InBatch?.ResourceVersion);
        Assert.Null(seen.InSnapshot);
    }

    [Fact]
    public async Task WriteAsync_ThatThrowsAnApiException_RollsBackAloneAndItsRevisionIsReused()
    {
        var before = Cache.Snapshot.Revision;
        using var watch = Cache.Watch.Subscribe(Endpoints, null, before, bufferSize: 10);
        var hold = await _store.HoldWriterAsync();

        var a = PutAsync("a");
        var refused = Cache.WriteAsync<StoredObject>(tx =>
        {
            Put(tx, "b");
            Put(tx, "b2");
            throw StatusErrors.Conflict("", "endpoints", "b", "refused by the test");
        });
        var c = PutAsync("c");
        await hold.ReleaseAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => refused);
        Assert.Equal(409, e.Code);
        Assert.Equal(before + 1, (await a).ResourceVersion);
        Assert.Equal(before + 2, (await c).ResourceVersion);
        Assert.Null(Committed("b"));
        Assert.Null(Committed("b2"));
        Assert.Null(_backend.Get(new StorageKey("endpoints", "default", "b")));
        Assert.Equal([(before + 1, "a"), (before + 2, "c")], Drain(watch));
    }

    [Fact]
    public async Task WriteAsync_ThatThrowsAnotherException_FailsWithInternalErrorAndRollsBackAlone()
    {
        var before = Cache.Snapshot.Revision;
        var hold = await _store.HoldWriterAsync();

        var broken = Cache.WriteAsync<StoredObject>(tx =>
        {
            Put(tx, "b");
            throw new InvalidOperationException("a bug");
        });
        var c = PutAsync("c");
        await hold.ReleaseAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => broken);
        Assert.Equal(500, e.Code);
        Assert.Equal("InternalError", e.Reason);
        Assert.Equal(before + 1, (await c).ResourceVersion);
        Assert.Null(Committed("b"));
    }

    [Fact]
    public async Task WriteAsync_DryRunInABatch_StoresNothingAndTakesNoRevision()
    {
        var before = Cache.Snapshot.Revision;
        using var watch = Cache.Watch.Subscribe(Endpoints, null, before, bufferSize: 10);
        var hold = await _store.HoldWriterAsync();

        var a = PutAsync("a");
        var dry = PutAsync("b", dryRun: true);
        var c = PutAsync("c");
        await hold.ReleaseAsync();

        Assert.True(string.IsNullOrEmpty((await dry).Object.Metadata.ResourceVersion));
        Assert.Equal(before + 1, (await a).ResourceVersion);
        Assert.Equal(before + 2, (await c).ResourceVersion);
        Assert.Null(Committed("b"));
        Assert.Equal([(before + 1, "a"), (before + 2, "c")], Drain(watch));
    }

    [Fact]
    public async Task WriteAsync_DryRunAlone_DoesNotCommit()
    {
        var before = Cache.Snapshot.Revision;
        var commits = _backend.BatchSizes.Count;

        await PutAsync("a", dryRun: true);

        Assert.Equal(commits, _backend.BatchSizes.Count);
        Assert.Equal(before, Cache.Snapshot.Revision);
        Assert.Equal(before, _backend.Revision);
        Assert.Equal(before + 1, (await PutAsync("b")).ResourceVersion);
    }

    [Theory]
    [InlineData(StorageError.Unavailable, 500, "InternalError")]
    [InlineData(StorageError.ConditionFailed, 409, "Conflict")]
    public async Task WriteAsync_WhenTheBackendRefusesTheCommit_FailsTheWholeBatchAndChangesNothing(StorageError error, int code, string reason)
    {
        var before = Cache.Snapshot.Revision;
        using var watch = Cache.Watch.Subscribe(Endpoints, null, before, bufferSize: 10);
        var hold = await _store.HoldWriterAsync();
        _backend.RefuseNextCommit(new StorageException(error, "refused by the test"));

        var writes = new[] { PutAsync("a"), PutAsync("b") };
        await hold.ReleaseAsync();

        foreach (var write in writes)
        {
            var e = await Assert.ThrowsAsync<ApiException>(() => write);
            Assert.Equal(code, e.Code);
            Assert.Equal(reason, e.Reason);
        }
        Assert.Equal(before, Cache.Snapshot.Revision);
        Assert.Null(Committed("a"));
        Assert.Empty(Drain(watch));
        Assert.Equal(before + 1, (await PutAsync("c")).ResourceVersion);
    }

    [Fact]
    public async Task WriteAsync_WhoseConditionAnotherWriterBroke_FailsAloneWithConflict_AndTheBatchCommitsWithoutIt()
    {
        // Another writer on the same backend creates "x" behind the cache's back.
        var x = new StorageKey("endpoints", "default", "x");
        _backend.Commit([new StorageTransaction().Require(x, 0).Put(x, "{}"u8.ToArray())]);
        var hold = await _store.HoldWriterAsync();

        var lost = PutAsync("x");
        var other = PutAsync("y");
        await hold.ReleaseAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => lost);
        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("Operation cannot be fulfilled on endpoints \"x\": " + StatusErrors.ModifiedConflict, e.Message);
        Assert.Equal("y", (await other).Name);
        Assert.NotNull(Committed("y"));
        Assert.Null(Committed("x"));
        Assert.NotNull(_backend.Get(new StorageKey("endpoints", "default", "y")));
        Assert.Equal([2, 1], _backend.BatchSizes.TakeLast(2)); // refused with both, committed with y alone
    }

    [Fact]
    public async Task Watchers_SeeConcurrentWritesInRevisionOrder_AtTheRevisionsAcknowledged()
    {
        const int Writes = 64;
        var before = Cache.Snapshot.Revision;
        using var watch = Cache.Watch.Subscribe(Endpoints, null, before, bufferSize: Writes);

        var written = await Task.WhenAll(Enumerable.Range(0, Writes).Select(i => Task.Run(() => PutAsync($"ep{i:D2}"))));

        var acknowledged = written.ToDictionary(o => o.Name, o => o.ResourceVersion);
        var events = Drain(watch);
        Assert.Equal(Enumerable.Range(1, Writes).Select(i => before + i), events.Select(e => e.Revision));
        Assert.All(events, e => Assert.Equal(acknowledged[e.Name], e.Revision));
        Assert.Equal(before + Writes, Cache.Snapshot.Revision);
    }

    [Fact]
    public async Task Delete_StampsTheDeletionRevisionOnTheDeletedEvent()
    {
        var created = await PutAsync("a");
        using var watch = Cache.Watch.Subscribe(Endpoints, null, created.ResourceVersion, bufferSize: 10);

        var deleted = await Cache.WriteAsync(tx => tx.Delete(tx.Get(Endpoints, "default", "a")!));

        Assert.True(watch.Events.TryRead(out var change));
        Assert.Equal(WatchEventType.Deleted, change.Type);
        Assert.Equal(created.ResourceVersion + 1, change.Revision);
        Assert.Equal(change.Revision.ToString(CultureInfo.InvariantCulture), deleted.Object.Metadata.ResourceVersion);
        Assert.Same(created, change.Previous);
        Assert.Null(Committed("a"));
    }
}
