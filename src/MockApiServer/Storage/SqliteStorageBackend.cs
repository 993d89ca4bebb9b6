using Microsoft.Data.Sqlite;

namespace MockApiServer.Storage;

/// <summary>
/// The SQLite backend, tuned in one place: WAL, the configured synchronous mode, one connection
/// guarded by one lock (the registry's typed cache serves the hot reads, so the backend's own
/// reads are few). <c>objects</c> holds each key's newest value, <c>changes</c> the revision log
/// (every put and delete, compacted as etcd compacts), <c>allocations</c> the taken range values,
/// <c>storage_state</c> the compacted revision. Values are kept as TEXT — they are JSON — so the
/// file stays readable with the sqlite3 shell.
/// </summary>
public sealed class SqliteStorageBackend(StorageOptions options) : IStorageBackend
{
    private readonly Lock _gate = new();
    private readonly StorageEventFeed _feed = new();
    private SqliteConnection? _connection;
    private SqliteCommands? _commands;
    private long _revision;
    private long _compacted;

    public bool SharedRevisions => false;

    public long Revision { get { lock (_gate) return _revision; } }

    public long CompactedRevision { get { lock (_gate) return _compacted; } }

    public void Open()
    {
        lock (_gate)
        {
            if (_connection is not null) return;
            var builder = new SqliteConnectionStringBuilder { DataSource = options.Db, Pooling = false };
            _connection = new SqliteConnection(builder.ToString());
            _connection.Open();
            Pragma("journal_mode=WAL");
            Pragma($"synchronous={options.Synchronous}");
            Pragma("busy_timeout=5000");
            SchemaMigrator.Migrate(_connection);
            _commands = new SqliteCommands(_connection);
            (_revision, _compacted) = _commands.LoadState();
        }
    }

    public long Commit(IReadOnlyList<StorageTransaction> batch)
    {
        lock (_gate)
        {
            var commands = Commands;
            var events = new List<StorageEvent>();
            var revision = _revision;
            using (var tx = _connection!.BeginTransaction())
            {
                commands.Enlist(tx);
                var index = 0;
                try
                {
                    for (; index < batch.Count; index++) revision = Apply(commands, batch[index], revision, events);
                    tx.Commit();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: an allocation already taken
                {
                    tx.Rollback();
                    throw new StorageException(StorageError.ConditionFailed, $"allocation conflict: {e.Message}", e) { Transaction = index };
                }
                catch (SqliteException e)
                {
                    SafeRollback(tx);
                    throw new StorageException(StorageError.Unavailable, $"the write could not be committed: {e.Message}", e);
                }
                catch (StorageException e)
                {
                    tx.Rollback();
                    if (e.Error == StorageError.ConditionFailed) e.Transaction ??= index;
                    throw;
                }
            }
            _revision = revision;
            if (_feed.HasSubscribers) _feed.Publish(events);
            return revision;
        }
    }

    private static long Apply(SqliteCommands commands, StorageTransaction txn, long revision, List<StorageEvent> events)
    {
        // The revisions the conditions read, kept up to date by the operations, spare a second lookup per put.
        var known = new Dictionary<StorageKey, long>();
        foreach (var condition in txn.Conditions)
        {
            var actual = commands.ObjectRevision(condition.Key);
            if (actual != condition.Revision)
                throw new StorageException(StorageError.ConditionFailed, $"{condition.Key} is at revision {actual}, not {condition.Revision}") { Key = condition.Key };
            known[condition.Key] = actual;
        }
        foreach (var op in txn.Operations)
        {
            revision++;
            if (op.Value is { } value)
            {
                var created = (known.TryGetValue(op.Key, out var current) ? current : commands.ObjectRevision(op.Key)) == 0;
                commands.Put(op.Key, revision, value, created);
                known[op.Key] = revision;
                events.Add(new StorageEvent(revision, created ? StorageEventType.Created : StorageEventType.Updated, op.Key, value));
            }
            else
            {
                var last = commands.Delete(op.Key, revision)
                    ?? throw new StorageException(StorageError.ConditionFailed, $"{op.Key} does not exist") { Key = op.Key };
                known[op.Key] = 0;
                events.Add(new StorageEvent(revision, StorageEventType.Deleted, op.Key, last));
            }
        }
        foreach (var a in txn.Allocations)
        {
            if (a.Owner is { } owner) commands.Allocate(a.Range, a.Value, owner);
            else commands.Release(a.Range, a.Value);
        }
        return revision;
    }

    public StorageRecord? Get(StorageKey key, long? revision = null)
    {
        lock (_gate)
        {
            var at = CheckRevision(revision);
            return at is null ? Commands.GetLatest(key) : Commands.GetAt(key, at.Value);
        }
    }

    public StorageList List(string? resource, string? ns, long? revision = null)
    {
        lock (_gate)
        {
            var at = CheckRevision(revision);
            return new StorageList(at ?? _revision, at is null ? Commands.ListLatest(resource, ns) : Commands.ListAt(resource, ns, at.Value));
        }
    }

    public IAsyncEnumerable<StorageEvent> Watch(long fromRevision, CancellationToken ct)
    {
        lock (_gate)
        {
            if (fromRevision < _compacted) throw StorageException.Compacted(fromRevision, _compacted);
            var history = Commands.ChangesAfter(fromRevision);
            var live = _feed.Subscribe();
            return StorageEventFeed.StreamAsync(history, live, () => { lock (_gate) _feed.Unsubscribe(live); }, ct);
        }
    }

    public void Compact(long revision)
    {
        lock (_gate)
        {
            var to = Math.Min(revision, _revision);
            if (to <= _compacted) return;
            Commands.Compact(to);
            _compacted = to;
        }
    }

    public IReadOnlyList<Allocation> Allocations(long? revision = null)
    {
        lock (_gate)
        {
            if (revision is { } at && at != _revision) throw StorageException.Compacted(at, _revision);
            return Commands.Allocations();
        }
    }

    /// <summary>Null for "the latest"; otherwise a revision inside the history.</summary>
    private long? CheckRevision(long? revision)
    {
        if (revision is not { } at || at == _revision) return null;
        if (at > _revision) throw StorageException.Future(at, _revision);
        if (at < _compacted) throw StorageException.Compacted(at, _compacted);
        return at;
    }

    private SqliteCommands Commands => _commands ?? throw new InvalidOperationException("The storage backend is not open.");

    private void Pragma(string pragma)
    {
        using var cmd = _connection!.CreateCommand();
        cmd.CommandText = "PRAGMA " + pragma;
        cmd.ExecuteNonQuery();
    }

    private static void SafeRollback(SqliteTransaction tx)
    {
        try
        {
            tx.Rollback();
        }
        catch (SqliteException)
        {
            // The connection is already gone; there is nothing left to undo.
        }
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection? connection;
        lock (_gate)
        {
            _commands?.Dispose();
            _commands = null;
            connection = _connection;
            _connection = null;
        }
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
    }
}
