using System.Threading.Channels;
using k8s;
using k8s.Models;
using MockApiServer.Storage;

namespace MockApiServer.Machinery.Cache;

/// <summary>
/// The registry's cache in front of the storage backend (kube-apiserver's watch cache, plus the
/// single writer): writes run one at a time, grouped into one backend commit per batch, each with
/// its own revision; a write is acknowledged only after its batch committed, then the snapshot is
/// swapped and the watch hub notified, in revision order. Reads never block: they take the current
/// <see cref="CacheSnapshot"/>. Only <see cref="ResourceStore"/> uses this class; everything else
/// goes through it.
/// </summary>
public sealed partial class ObjectCache : IAsyncDisposable
{
    /// <summary>Batches between two compactions of the backend's history.</summary>
    private const int CompactEvery = 1024;

    private readonly IStorageBackend _backend;
    private readonly ResourceRegistry _registry;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ObjectCache> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AllocationState _allocations = new();
    private Task? _writer;
    private volatile CacheSnapshot _snapshot = CacheSnapshot.Empty;
    private long _batches;

    public ObjectCache(IStorageBackend backend, ResourceRegistry registry, StorageOptions options, TimeProvider time, ILogger<ObjectCache> logger)
    {
        _backend = backend;
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
        Watch = new WatchHub(options.HistorySize);
    }

    public WatchHub Watch { get; }

    public CacheSnapshot Snapshot => _snapshot;

    public bool IsOpen => _writer is not null;

    /// <summary>The backend's own readiness check: its name (null when it has none) and whether it passes now.</summary>
    public async Task<(string? Name, bool Healthy)> CheckStorageAsync(CancellationToken ct) =>
        _backend.HealthCheckName is { } name ? (name, await _backend.IsHealthyAsync(ct).ConfigureAwait(false)) : (null, true);

    /// <summary>Opens the backend and loads the cache from it. Idempotent.</summary>
    public void Open()
    {
        if (_writer is not null) return;
        _backend.Open();
        Load();
        if (Shared) StartFeed();
        _writer = Task.Factory.StartNew(RunWriterAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Runs <paramref name="work"/> on the writer and returns after its batch committed.</summary>
    /// <exception cref="ApiException">What the work threw; 409 when the backend refused its condition (the write lost a race with another writer); 500 when the commit failed.</exception>
    public async Task<T> WriteAsync<T>(Func<IWriteTransaction, T> work, bool dryRun = false)
    {
        if (_writer is null) throw new InvalidOperationException("The store is not open.");
        var pending = new PendingWrite(tx => work(tx), dryRun);
        if (!_queue.Writer.TryWrite(pending)) throw StatusErrors.Failure(503, "ServiceUnavailable", "the server is shutting down");
        return (T)(await pending.Task.ConfigureAwait(false))!;
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingWrite>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var op)) batch.Add(op);
            try
            {
                if (Shared) await ProcessSharedAsync(batch).ConfigureAwait(false);
                else Process(batch);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Write batch failed");
                foreach (var op in batch) op.TrySetException(StatusErrors.InternalError(e.Message));
            }
        }
    }

    private void Process(List<PendingWrite> ops)
    {
        var results = new object?[ops.Count];
        var errors = new Exception?[ops.Count];
        var refused = new bool[ops.Count];
        WriteBatch batch;
        while (!TryRunBatch(ops, results, errors, refused, out batch))
        {
            // The backend refused one write's condition (another writer got there first): that write
            // failed alone with 409, and the others run again without it.
        }
        if (batch.Changes.Count > 0)
        {
            _snapshot = _snapshot.With(batch.LastRevision,
                batch.Changes.Select(c => (c.Object.Resource, c.Object.Namespace, c.Object.Name, c.Type == WatchEventType.Deleted ? null : c.Object)));
            Watch.Publish(batch.Changes);
            if (++_batches % CompactEvery == 0) _backend.Compact(Watch.OldestResumable);
        }
        for (var i = 0; i < ops.Count; i++)
        {
            if (errors[i] is { } error) ops[i].TrySetException(error);
            else ops[i].TrySetResult(results[i]);
        }
    }

    /// <summary>
    /// Runs every write not yet refused, each in its own transaction, and commits them together.
    /// False when the backend refused one write's condition: it is marked refused and the batch must run again.
    /// </summary>
    private bool TryRunBatch(List<PendingWrite> ops, object?[] results, Exception?[] errors, bool[] refused, out WriteBatch batch)
    {
        batch = new WriteBatch(_snapshot, _allocations, KubeTime.UtcNow(_time));
        for (var i = 0; i < ops.Count; i++)
        {
            if (refused[i]) continue;
            (results[i], errors[i]) = (null, null);
            var tx = new WriteTransaction(batch, i, ops[i].DryRun);
            try
            {
                results[i] = ops[i].Work(tx);
                tx.Merge();
            }
            catch (ApiException e)
            {
                tx.Rollback();
                errors[i] = e;
            }
            catch (Exception e)
            {
                tx.Rollback();
                _logger.LogError(e, "Write failed");
                errors[i] = StatusErrors.InternalError(e.Message);
            }
        }
        if (batch.Transactions.Count == 0) return true;
        try
        {
            var committed = _backend.Commit(batch.Transactions);
            if (committed != batch.LastRevision)
                _logger.LogCritical("The storage backend committed through revision {Committed}, the writer stamped through {Stamped}", committed, batch.LastRevision);
            return true;
        }
        catch (StorageException e)
        {
            batch.RollbackAllocations();
            batch.Changes.Clear();
            if (e is { Error: StorageError.ConditionFailed, Transaction: { } index, Key: { } key } && index < batch.TransactionOwners.Count)
            {
                var request = batch.TransactionOwners[index];
                refused[request] = true;
                errors[request] = Conflict(key);
                return false;
            }
            _logger.LogError(e, "Commit failed");
            var error = e.Error == StorageError.ConditionFailed
                ? StatusErrors.Failure(409, "Conflict", $"Operation cannot be fulfilled: {StatusErrors.ModifiedConflict}")
                : StatusErrors.InternalError($"the write could not be committed: {e.Message}");
            for (var i = 0; i < errors.Length; i++) errors[i] ??= error;
            return true;
        }
    }

    /// <summary>The 409 a client gets when its write lost a race the cache did not see.</summary>
    private ApiException Conflict(StorageKey key)
    {
        var resource = _registry.FindByGroupResource(key.Resource);
        return StatusErrors.Conflict(resource?.Group ?? "", resource?.Plural ?? key.Resource, key.Name, StatusErrors.ModifiedConflict);
    }

    private void Load()
    {
        var all = _backend.List(null, null);
        var records = all.Records.ToList();
        // Decoding is most of a start with many objects stored: it runs on every core, in key order.
        var loaded = new StoredObject?[records.Count];
        Decode(records, loaded);
        // Kinds defined by stored objects (CRDs) are registered now, and their objects decoded in a second pass.
        if (_registry.KindsDefinedBy is { } kindsDefinedBy)
        {
            foreach (var definer in loaded.OfType<StoredObject>().ToList())
                if (kindsDefinedBy(definer) is { Count: > 0 } kinds) _registry.Set(kinds[0].GroupResource, kinds);
            Decode(records, loaded);
        }
        foreach (var unknown in records.Select(r => r.Key.Resource).Distinct().Where(r => _registry.FindByGroupResource(r) is null))
            _logger.LogWarning("Skipping stored {Resource}: the kind is not registered", unknown);
        var changes = loaded.OfType<StoredObject>().Select(o => (o.Resource, o.Namespace, o.Name, (StoredObject?)o)).ToList();
        foreach (var a in _backend.Allocations()) _allocations.TryAllocate(a.Range, a.Value, a.Owner);
        // The list's own revision: a shared store's watch starts right after it, so nothing is missed.
        var revision = all.Revision;
        _snapshot = CacheSnapshot.Empty.With(revision, changes);
        Watch.Reset(revision);
    }

    private void Decode(List<StorageRecord> records, StoredObject?[] loaded) => Parallel.For(0, records.Count, i =>
    {
        if (loaded[i] is not null || _registry.FindByGroupResource(records[i].Key.Resource) is not { } resource) return;
        if (Shared)
        {
            loaded[i] = StoredObject.FromShared(resource, records[i].Value, records[i].Revision);
            return;
        }
        var obj = (IKubernetesObject<V1ObjectMeta>)KubeJson.Deserialize(records[i].Value, resource.ModelType)!;
        loaded[i] = new StoredObject(resource, obj, records[i].Value);
    });

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_feed is not null) await _feed.ConfigureAwait(false);
        _stopping.Dispose();
        await _backend.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class PendingWrite(Func<IWriteTransaction, object?> work, bool dryRun) : TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public Func<IWriteTransaction, object?> Work { get; } = work;
        public bool DryRun { get; } = dryRun;
    }
}
