using MockApiServer.Storage;

namespace MockApiServer.Tests.Machinery.Cache;

/// <summary>
/// A backend with a hand on <see cref="Commit"/>: it counts the commits and their transactions,
/// can hold the next commit until released, and can refuse it. Everything else is the inner backend's.
/// </summary>
internal sealed class GatedStorageBackend(IStorageBackend inner) : IStorageBackend
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly List<int> _batchSizes = [];
    private TaskCompletionSource? _entered;
    private StorageException? _refusal;

    /// <summary>How many transactions each commit carried, in commit order.</summary>
    public IReadOnlyList<int> BatchSizes { get { lock (_batchSizes) return [.. _batchSizes]; } }

    /// <summary>Holds the next commit until <see cref="Release"/>; the task completes once the writer is inside it.</summary>
    public Task HoldNextCommit()
    {
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Reset();
        return _entered.Task;
    }

    public void Release() => _open.Set();

    /// <summary>Makes the next commit fail with <paramref name="refusal"/>, writing nothing.</summary>
    public void RefuseNextCommit(StorageException refusal) => _refusal = refusal;

    public long Commit(IReadOnlyList<StorageTransaction> batch)
    {
        lock (_batchSizes) _batchSizes.Add(batch.Count);
        _entered?.TrySetResult();
        if (!_open.Wait(Limit)) throw new TimeoutException("the commit was held too long");
        if (Interlocked.Exchange(ref _refusal, null) is { } refusal) throw refusal;
        return inner.Commit(batch);
    }

    public void Open() => inner.Open();

    public bool SharedRevisions => inner.SharedRevisions;

    public long Revision => inner.Revision;

    public long CompactedRevision => inner.CompactedRevision;

    public StorageRecord? Get(StorageKey key, long? revision = null) => inner.Get(key, revision);

    public StorageList List(string? resource, string? ns, long? revision = null) => inner.List(resource, ns, revision);

    public IAsyncEnumerable<StorageEvent> Watch(long fromRevision, CancellationToken ct) => inner.Watch(fromRevision, ct);

    public void Compact(long revision) => inner.Compact(revision);

    public IReadOnlyList<Allocation> Allocations(long? revision = null) => inner.Allocations(revision);

    public ValueTask DisposeAsync()
    {
        _open.Dispose();
        return inner.DisposeAsync();
    }
}
