using System.Text;
using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage;

/// <summary>
/// The rules every <see cref="IStorageBackend"/> must keep (see its contract). A backend's test
/// class derives from this one and says how to make a fresh store and how to reopen it.
/// </summary>
public abstract class StorageConformance : IAsyncDisposable
{
    private readonly List<IStorageBackend> _opened = [];

    protected static readonly StorageKey Web = new("pods", "default", "web");
    protected static readonly StorageKey Db = new("pods", "default", "db");
    protected static readonly StorageKey Other = new("pods", "other", "web");
    protected static readonly StorageKey Svc = new("services", "default", "web");

    /// <summary>A new, empty store (not yet opened).</summary>
    protected abstract IStorageBackend CreateBackend();

    /// <summary>A second instance over the data of the last store <see cref="CreateBackend"/> made, after that one was disposed.</summary>
    protected abstract IStorageBackend ReopenBackend();

    private IStorageBackend Open(IStorageBackend backend)
    {
        backend.Open();
        _opened.Add(backend);
        return backend;
    }

    protected IStorageBackend OpenNew() => Open(CreateBackend());

    protected async Task<IStorageBackend> RestartAsync(IStorageBackend backend)
    {
        await backend.DisposeAsync();
        _opened.Remove(backend);
        return Open(ReopenBackend());
    }

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(byte[] value) => Encoding.UTF8.GetString(value);

    private static StorageTransaction Create(StorageKey key, string value) => new StorageTransaction().Require(key, 0).Put(key, V(value));

    private static StorageTransaction Update(StorageKey key, long revision, string value) => new StorageTransaction().Require(key, revision).Put(key, V(value));

    /// <summary>
    /// Revisions in these tests count from the store's revision when the test began: an etcd
    /// cluster is shared and has history before the test. A test writes one transaction per
    /// commit where the two revision models (see <see cref="IStorageBackend.SharedRevisions"/>)
    /// would differ, except the tests about the model itself.
    /// </summary>
    private long _base;

    private IStorageBackend OpenAtBase()
    {
        var store = OpenNew();
        _base = store.Revision;
        return store;
    }

    private long At(long revision) => _base + revision;

    [SkippableFact]
    public void Open_EmptyStore_HasNothingInIt()
    {
        var store = OpenNew();

        Assert.Empty(store.List(null, null).Records);
        Assert.Null(store.Get(Web));
        Assert.True(store.List(null, null).Revision >= store.CompactedRevision);
    }

    [SkippableFact]
    public void Commit_GivesOperationsRevisionsAsTheModelSays()
    {
        var store = OpenAtBase();

        var last = store.Commit([Create(Web, "{\"a\":1}"), new StorageTransaction().Require(Db, 0).Put(Db, V("{}")).Require(Svc, 0).Put(Svc, V("{}"))]);

        Assert.Equal(last, store.Revision);
        Assert.Equal("{\"a\":1}", S(store.Get(Web)!.Value));
        if (store.SharedRevisions)
        {
            Assert.Equal(At(1), last);
            Assert.All(new[] { Web, Db, Svc }, k => Assert.Equal(last, store.Get(k)!.Revision));
            return;
        }
        Assert.Equal(At(3), last);
        Assert.Equal(At(1), store.Get(Web)!.Revision);
        Assert.Equal(At(2), store.Get(Db)!.Revision);
        Assert.Equal(At(3), store.Get(Svc)!.Revision);
    }

    [SkippableFact]
    public void Commit_WithStaleRevision_FailsAndWritesNothingOfTheBatch()
    {
        var store = OpenAtBase();
        var v1 = store.Commit([Create(Web, "v1")]);

        var e = Assert.Throws<StorageException>(() => store.Commit([Create(Db, "db"), Update(Web, v1 + 7, "v2")]));

        Assert.Equal(StorageError.ConditionFailed, e.Error);
        Assert.Equal(1, e.Transaction);
        Assert.Equal(Web, e.Key);
        Assert.Equal(v1, store.Revision);
        Assert.Null(store.Get(Db));
        Assert.Equal("v1", S(store.Get(Web)!.Value));
    }

    [SkippableFact]
    public void Commit_CreateOfAnExistingKey_FailsWithConditionFailed()
    {
        var store = OpenNew();
        store.Commit([Create(Web, "v1")]);

        Assert.Equal(StorageError.ConditionFailed, Assert.Throws<StorageException>(() => store.Commit([Create(Web, "again")])).Error);
    }

    [SkippableFact]
    public void Commit_ConditionSeesTheEarlierTransactionsOfItsBatch_OrOneKeyIsWrittenOncePerBatch()
    {
        var store = OpenAtBase();
        StorageTransaction[] batch = [Create(Web, "v1"), Update(Web, At(1), "v2"), new StorageTransaction().Require(Web, At(2)).Delete(Web)];

        if (store.SharedRevisions)
        {
            Assert.Throws<ArgumentException>(() => store.Commit(batch));
            Assert.Equal(_base, store.Revision);
            return;
        }
        store.Commit(batch);

        Assert.Equal(At(3), store.Revision);
        Assert.Null(store.Get(Web));
    }

    [SkippableFact]
    public void Commit_DeleteOfAMissingKey_FailsWithConditionFailed()
    {
        var store = OpenAtBase();

        Assert.Equal(StorageError.ConditionFailed, Assert.Throws<StorageException>(() => store.Commit([new StorageTransaction().Delete(Web)])).Error);
        Assert.Equal(_base, store.Revision);
    }

    [SkippableFact]
    public void Commit_AllocationOfATakenValue_FailsAndWritesNothing()
    {
        var store = OpenNew();
        store.Commit([new StorageTransaction().Allocate("nodeport", 30080, "default/a")]);

        var e = Assert.Throws<StorageException>(() => store.Commit([Create(Web, "v"), new StorageTransaction().Allocate("nodeport", 30080, "default/b")]));

        Assert.Equal(StorageError.ConditionFailed, e.Error);
        Assert.Equal(1, e.Transaction);
        Assert.Null(store.Get(Web));
        Assert.Equal([new Allocation("nodeport", 30080, "default/a")], store.Allocations());
    }

    [SkippableFact]
    public void Allocations_ReleasedAndRetakenInOneTransaction_ChangeOwner()
    {
        var store = OpenNew();
        store.Commit([new StorageTransaction().Allocate("ip", 5, "default/a").Allocate("ip", 6, "default/a")]);

        store.Commit([new StorageTransaction().Release("ip", 5).Allocate("ip", 5, "default/b").Release("ip", 6)]);

        Assert.Equal([new Allocation("ip", 5, "default/b")], store.Allocations());
    }

    [SkippableFact]
    public void Allocations_AtARevision_AreTheOnesThen_WhereTheStoreKeepsThem()
    {
        var store = OpenAtBase();
        var first = store.Commit([Create(Web, "v"), new StorageTransaction().Allocate("ip", 5, "default/web")]);
        var second = store.Commit([new StorageTransaction().Require(Db, 0).Put(Db, V("d")).Release("ip", 5).Allocate("ip", 6, "default/db")]);

        Assert.Equal([new Allocation("ip", 6, "default/db")], store.Allocations(second));
        if (!store.SharedRevisions)
        {
            Assert.Equal(StorageError.Compacted, Assert.Throws<StorageException>(() => store.Allocations(first)).Error);
            return;
        }
        Assert.Equal([new Allocation("ip", 5, "default/web")], store.Allocations(first));
    }

    [SkippableFact]
    public void Get_AtAnOlderRevision_ReturnsTheValueThen()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]);
        store.Commit([Update(Web, At(1), "v2")]);
        store.Commit([new StorageTransaction().Require(Web, At(2)).Delete(Web)]);

        Assert.Equal("v1", S(store.Get(Web, At(1))!.Value));
        Assert.Equal(At(2), store.Get(Web, At(2))!.Revision);
        Assert.Null(store.Get(Web, At(3)));
        Assert.Null(store.Get(Db, At(1)));
    }

    [SkippableFact]
    public void Get_AtAFutureRevision_FailsWithFutureRevision()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]);

        var e = Assert.Throws<StorageException>(() => store.Get(Web, At(2)));

        Assert.Equal(StorageError.FutureRevision, e.Error);
        Assert.Equal(At(1), e.Revision);
    }

    [SkippableFact]
    public void List_AtAnOlderRevision_IsTheStateThen()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "web1")]); // 1
        store.Commit([Create(Other, "other1")]); // 2
        store.Commit([Update(Web, At(1), "web2")]); // 3
        store.Commit([new StorageTransaction().Require(Other, At(2)).Delete(Other)]); // 4
        store.Commit([Create(Db, "db1")]); // 5

        var then = store.List("pods", null, At(3));

        Assert.Equal(At(3), then.Revision);
        Assert.Equal(["pods/default/web=web2", "pods/other/web=other1"], then.Records.Select(r => $"{r.Key}={S(r.Value)}"));
        Assert.Equal(["pods/default/db=db1", "pods/default/web=web2"], store.List("pods", null).Records.Select(r => $"{r.Key}={S(r.Value)}"));
        Assert.Equal(At(5), store.List("pods", null).Revision);
    }

    [SkippableFact]
    public void List_FiltersByResourceAndNamespace_InKeyOrder()
    {
        var store = OpenNew();
        store.Commit([Create(Web, "1"), Create(Svc, "2"), Create(Other, "3"), Create(Db, "4")]);

        Assert.Equal([Db, Web], store.List("pods", "default").Records.Select(r => r.Key));
        Assert.Equal([Db, Web, Other], store.List("pods", null).Records.Select(r => r.Key));
        Assert.Equal([Db, Web, Other, Svc], store.List(null, null).Records.Select(r => r.Key));
        Assert.Equal([Db, Web, Svc], store.List(null, "default").Records.Select(r => r.Key));
    }

    [SkippableFact]
    public async Task Watch_FromARevision_ReplaysTheHistoryThenStreamsNewCommits()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]);
        store.Commit([Update(Web, At(1), "v2")]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = store.Watch(At(1), cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((At(2), StorageEventType.Updated, Web, "v2"), (events.Current.Revision, events.Current.Type, events.Current.Key, S(events.Current.Value)));
        store.Commit([new StorageTransaction().Require(Web, At(2)).Delete(Web)]);
        store.Commit([Create(Db, "db")]);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((At(3), StorageEventType.Deleted, Web, "v2"), (events.Current.Revision, events.Current.Type, events.Current.Key, S(events.Current.Value)));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((At(4), StorageEventType.Created, Db), (events.Current.Revision, events.Current.Type, events.Current.Key));
    }

    [SkippableFact]
    public async Task Watch_Cancelled_EndsTheStream()
    {
        var store = OpenNew();
        using var cts = new CancellationTokenSource();
        await using var events = store.Watch(store.Revision, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();

        await cts.CancelAsync();

        Assert.False(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public void Compact_KeepsEachLiveKeysNewestValue_AndRefusesOlderReads()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]); // 1
        store.Commit([Create(Other, "o1")]); // 2
        store.Commit([Update(Web, At(1), "v2")]); // 3
        store.Commit([Create(Db, "d1")]); // 4

        store.Compact(At(3));

        Assert.Equal(At(3), store.CompactedRevision);
        Assert.Equal(["pods/default/web=v2", "pods/other/web=o1"], store.List("pods", null, At(3)).Records.Select(r => $"{r.Key}={S(r.Value)}"));
        Assert.Equal("o1", S(store.Get(Other, At(3))!.Value));
        Assert.Equal(StorageError.Compacted, Assert.Throws<StorageException>(() => store.Get(Web, At(2))).Error);
        Assert.Equal(StorageError.Compacted, Assert.Throws<StorageException>(() => store.List(null, null, At(1))).Error);
    }

    [SkippableFact]
    public async Task Watch_BelowTheCompactedRevision_FailsWithCompacted()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]);
        store.Commit([Create(Db, "d1")]);
        store.Compact(At(2));

        var e = await Assert.ThrowsAsync<StorageException>(async () =>
        {
            await foreach (var _ in store.Watch(At(1), CancellationToken.None)) break;
        });

        Assert.Equal(StorageError.Compacted, e.Error);
    }

    [SkippableFact]
    public void Compact_NeverPassesTheNewestRevision()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1")]);

        store.Compact(At(100));

        Assert.Equal(At(1), store.CompactedRevision);
        Assert.Equal("v1", S(store.Get(Web)!.Value));
    }

    [SkippableFact]
    public async Task Reopen_KeepsValuesAllocationsAndRevisions_EvenAfterADeleteWasCompacted()
    {
        var store = OpenAtBase();
        store.Commit([Create(Web, "v1"), new StorageTransaction().Allocate("ip", 10, "default/web")]);
        store.Commit([Create(Db, "d1")]);
        store.Commit([new StorageTransaction().Require(Db, At(2)).Delete(Db)]);
        store.Compact(At(3));

        var reopened = await RestartAsync(store);

        Assert.Equal(At(3), reopened.Revision);
        Assert.Equal(At(3), reopened.CompactedRevision);
        Assert.Equal(["pods/default/web=v1"], reopened.List(null, null).Records.Select(r => $"{r.Key}={S(r.Value)}"));
        Assert.Equal([new Allocation("ip", 10, "default/web")], reopened.Allocations());
        Assert.Equal(At(4), reopened.Commit([Create(Db, "d2")]));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _opened) await backend.DisposeAsync();
        _opened.Clear();
        await DisposeStoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what the backend left behind (files, keys).</summary>
    protected virtual ValueTask DisposeStoreAsync() => ValueTask.CompletedTask;
}
