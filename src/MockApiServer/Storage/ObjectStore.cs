using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Data.Sqlite;
using MockApiServer.Machinery;

namespace MockApiServer.Storage;

/// <summary>
/// SQLite is the truth, memory the cache. Writes run one at a time on a single writer, grouped
/// into one transaction per batch, each with its own revision; a write is acknowledged only after
/// its transaction committed, then the cache snapshot is swapped and the watch hub notified, in
/// revision order. Reads never block: they take the current <see cref="CacheSnapshot"/>.
/// </summary>
public sealed class ObjectStore : IAsyncDisposable
{
    private readonly ResourceRegistry _registry;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ObjectStore> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AllocationState _allocations = new();
    private SqliteConnection? _connection;
    private SqliteLog? _log;
    private Task? _writer;
    private volatile CacheSnapshot _snapshot = CacheSnapshot.Empty;
    private long _batches;

    public ObjectStore(ResourceRegistry registry, StorageOptions options, TimeProvider time, ILogger<ObjectStore> logger)
    {
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
        Watch = new WatchHub(options.HistorySize);
    }

    public WatchHub Watch { get; }

    public CacheSnapshot Snapshot => _snapshot;

    public bool IsOpen => _writer is not null;

    /// <summary>Opens (and migrates) the database and loads the cache. Idempotent.</summary>
    public void Open()
    {
        if (_writer is not null) return;
        var builder = new SqliteConnectionStringBuilder { DataSource = _options.Db, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Pragma("journal_mode=WAL");
        Pragma($"synchronous={_options.Synchronous}");
        Pragma("busy_timeout=5000");
        SchemaMigrator.Migrate(_connection);
        _log = new SqliteLog(_connection);
        Load();
        _writer = Task.Factory.StartNew(RunWriterAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Runs <paramref name="work"/> on the writer and returns after its batch committed.</summary>
    /// <exception cref="ApiException">What the work threw, or 500 when the commit failed.</exception>
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
                Process(batch);
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
        var now = _time.GetUtcNow().UtcDateTime;
        var batch = new WriteBatch(_snapshot, _allocations, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
        var results = new object?[ops.Count];
        var errors = new Exception?[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var tx = new WriteTransaction(batch, ops[i].DryRun);
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
        if (batch.Changes.Count > 0 || batch.AllocationChanges.Count > 0)
        {
            try
            {
                _log!.Commit(batch);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Commit failed");
                batch.RollbackAllocations();
                for (var i = 0; i < ops.Count; i++) errors[i] ??= StatusErrors.InternalError($"the write could not be committed: {e.Message}");
                batch.Changes.Clear();
            }
        }
        if (batch.Changes.Count > 0)
        {
            _snapshot = _snapshot.With(batch.LastRevision,
                batch.Changes.Select(c => (c.Object.Resource, c.Object.Namespace, c.Object.Name, c.Type == WatchEventType.Deleted ? null : c.Object)));
            Watch.Publish(batch.Changes);
            if (++_batches % 1024 == 0) _log!.Compact(Watch.OldestResumable);
        }
        for (var i = 0; i < ops.Count; i++)
        {
            if (errors[i] is { } error) ops[i].TrySetException(error);
            else ops[i].TrySetResult(results[i]);
        }
    }

    private void Load()
    {
        var changes = new List<(ResourceDefinition, string, string, StoredObject?)>();
        foreach (var (resourceName, json) in _log!.LoadObjects())
        {
            var resource = _registry.FindByGroupResource(resourceName);
            if (resource is null)
            {
                _logger.LogWarning("Skipping stored {Resource}: the kind is not registered", resourceName);
                continue;
            }
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            var obj = (IKubernetesObject<V1ObjectMeta>)KubeJson.Deserialize(bytes, resource.ModelType)!;
            var stored = new StoredObject(resource, obj, bytes);
            changes.Add((resource, stored.Namespace, stored.Name, stored));
        }
        foreach (var (range, value, owner) in _log.LoadAllocations()) _allocations.TryAllocate(range, value, owner);
        var revision = _log.MaxRevision();
        _snapshot = CacheSnapshot.Empty.With(revision, changes);
        Watch.Reset(revision);
    }

    private void Pragma(string pragma)
    {
        using var cmd = _connection!.CreateCommand();
        cmd.CommandText = "PRAGMA " + pragma;
        cmd.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer.ConfigureAwait(false);
        _log?.Dispose();
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class PendingWrite(Func<IWriteTransaction, object?> work, bool dryRun) : TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public Func<IWriteTransaction, object?> Work { get; } = work;
        public bool DryRun { get; } = dryRun;
    }
}
