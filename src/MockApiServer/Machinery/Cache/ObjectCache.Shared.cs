using k8s;
using MockApiServer.Storage;

namespace MockApiServer.Machinery.Cache;

/// <summary>
/// The cache over a shared backend (etcd, <see cref="IStorageBackend.SharedRevisions"/>), as
/// kube-apiserver's cacher: the snapshot and the watch hub are fed only by one backend watch from
/// the revision the cache was loaded at, so this server's writes and every other server's arrive
/// the same way, in revision order. The writer commits each request as its own transaction (the
/// revision is the store's, known only from the commit), stamps the answer with it and answers
/// once the watch has brought the cache to that revision — so a client still reads its own
/// write. A write refused because the cache was behind (another server wrote first) runs again
/// on the caught-up cache, as GuaranteedUpdate does; the request fails only when it fails there.
/// </summary>
public sealed partial class ObjectCache
{
    /// <summary>Runs of one request against a cache that keeps turning out stale.</summary>
    private const int SharedAttempts = 8;

    private readonly RevisionSignal _applied = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _feed;

    /// <summary>Other servers changed objects since the allocations were read: read them again before the next write.</summary>
    private volatile bool _allocationsStale;

    /// <summary>The revisions this writer committed, so the feed can tell other servers' changes.</summary>
    private readonly HashSet<long> _ownRevisions = [];

    /// <summary>The newest revision the feed has taken in (under the lock of <see cref="_ownRevisions"/>).</summary>
    private long _fedRevision;

    private bool Shared => _backend.SharedRevisions;

    private void StartFeed()
    {
        var from = _snapshot.Revision;
        _fedRevision = from;
        _applied.Advance(from);
        _feed = Task.Run(() => RunFeedAsync(from, _stopping.Token));
    }

    private async Task ProcessSharedAsync(List<PendingWrite> ops)
    {
        long last = 0;
        var results = new object?[ops.Count];
        var errors = new Exception?[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (_allocationsStale) ReloadAllocations();
                var batch = new WriteBatch(_snapshot, _allocations, KubeTime.UtcNow(_time), shared: true);
                var tx = new WriteTransaction(batch, i, ops[i].DryRun);
                try
                {
                    results[i] = ops[i].Work(tx);
                }
                catch (ApiException e)
                {
                    tx.Rollback();
                    errors[i] = e;
                    break;
                }
                catch (Exception e)
                {
                    tx.Rollback();
                    _logger.LogError(e, "Write failed");
                    errors[i] = StatusErrors.InternalError(e.Message);
                    break;
                }
                if (ops[i].DryRun || tx.Storage.IsEmpty)
                {
                    tx.Rollback();
                    break;
                }
                try
                {
                    var revision = _backend.Commit([tx.Storage]);
                    tx.Stamp(revision);
                    lock (_ownRevisions)
                        if (revision > _fedRevision) _ownRevisions.Add(revision);
                    if (tx.WroteObjects) last = Math.Max(last, revision);
                    break;
                }
                catch (StorageException e) when (e.Error == StorageError.ConditionFailed)
                {
                    tx.Rollback();
                    results[i] = null;
                    if (attempt == SharedAttempts)
                    {
                        errors[i] = e.Key is { } key ? Conflict(key) : StatusErrors.Failure(409, "Conflict", $"Operation cannot be fulfilled: {StatusErrors.ModifiedConflict}");
                        break;
                    }
                    // The cache was behind the store: catch up to the refusal's revision and run the request again.
                    _allocationsStale = true;
                    await _applied.WaitAsync(e.Revision, _time, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is StorageException or ArgumentException)
                {
                    tx.Rollback();
                    results[i] = null;
                    _logger.LogError(e, "Commit failed");
                    errors[i] = StatusErrors.InternalError($"the write could not be committed: {e.Message}");
                    break;
                }
            }
        }
        if (last > 0 && !await _applied.WaitAsync(last, _time, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
            _logger.LogWarning("The store's watch has not brought revision {Revision} within 10 s; answering before the cache has it", last);
        for (var i = 0; i < ops.Count; i++)
        {
            if (errors[i] is { } error) ops[i].TrySetException(error);
            else ops[i].TrySetResult(results[i]);
        }
    }

    /// <summary>
    /// Reads the allocations again as at the snapshot's revision, so they go with the Services the
    /// writer sees: allocation repair must not release a value whose Service this cache has not
    /// seen yet.
    /// </summary>
    private void ReloadAllocations()
    {
        _allocationsStale = false;
        IReadOnlyList<Allocation> taken;
        try
        {
            taken = _backend.Allocations(_snapshot.Revision);
        }
        catch (StorageException e) when (e.Error == StorageError.Compacted)
        {
            taken = _backend.Allocations();
        }
        _allocations.Reset(taken.Select(a => (a.Range, a.Value, a.Owner)));
    }

    /// <summary>The one backend watch: every change, in revision order, into the snapshot and the hub; a re-list when the store compacted past it.</summary>
    private async Task RunFeedAsync(long from, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                from = await FollowAsync(from, ct).ConfigureAwait(false);
            }
            catch (StorageException e) when (e.Error == StorageError.Compacted)
            {
                _logger.LogWarning("The store compacted past revision {Revision}; listing again", from);
                from = Relist();
            }
            catch (Exception e) when (e is StorageException && !ct.IsCancellationRequested)
            {
                _logger.LogWarning("The store's watch failed ({Message}); watching again from revision {Revision}", e.Message, from);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Applies the watch's events, one revision at a time; returns the last revision applied when the watch ends.</summary>
    private async Task<long> FollowAsync(long from, CancellationToken ct)
    {
        var pending = new List<StorageEvent>();
        await using var events = _backend.Watch(from, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            var next = events.MoveNextAsync();
            // The events of one revision (one Txn) come together: apply them when the stream pauses or the revision changes.
            if (!next.IsCompleted && pending.Count > 0) from = Apply(pending);
            if (!await next.ConfigureAwait(false)) break;
            if (pending.Count > 0 && pending[^1].Revision != events.Current.Revision) from = Apply(pending);
            pending.Add(events.Current);
        }
        if (pending.Count > 0) from = Apply(pending);
        return from;
    }

    private long Apply(List<StorageEvent> events)
    {
        var revision = events[^1].Revision;
        var changes = new List<ChangeEvent>(events.Count);
        bool foreign;
        lock (_ownRevisions)
        {
            foreign = !_ownRevisions.Remove(revision);
            _fedRevision = revision;
        }
        foreach (var e in events)
        {
            if (_registry.FindByGroupResource(e.Key.Resource) is not { } resource) continue;
            var previous = _snapshot.Get(resource, e.Key.Namespace, e.Key.Name);
            if (e.Type == StorageEventType.Deleted)
            {
                if (previous is null || e.Value.Length == 0) continue;
                changes.Add(new ChangeEvent(e.Revision, WatchEventType.Deleted, StoredObject.FromShared(resource, e.Value, e.Revision), previous));
                continue;
            }
            var current = StoredObject.FromShared(resource, e.Value, e.Revision);
            changes.Add(new ChangeEvent(e.Revision, previous is null ? WatchEventType.Added : WatchEventType.Modified, current, previous));
        }
        if (foreign && changes.Count > 0) _allocationsStale = true;
        Publish(revision, changes);
        events.Clear();
        return revision;
    }

    private void Publish(long revision, List<ChangeEvent> changes)
    {
        _snapshot = _snapshot.With(revision,
            changes.Select(c => (c.Object.Resource, c.Object.Namespace, c.Object.Name, c.Type == WatchEventType.Deleted ? null : c.Object)));
        Watch.Publish(changes);
        _applied.Advance(revision);
    }

    /// <summary>
    /// After the store compacted past the watch: lists again and hands watchers what changed
    /// meanwhile (deletes for objects gone, the rest as adds or updates), as an informer's
    /// Replace does, all at the new list's revision.
    /// </summary>
    private long Relist()
    {
        var list = _backend.List(null, null);
        var fresh = new Dictionary<(ResourceDefinition, string, string), StoredObject>();
        foreach (var record in list.Records)
        {
            if (_registry.FindByGroupResource(record.Key.Resource) is not { } resource) continue;
            fresh[(resource, record.Key.Namespace, record.Key.Name)] = StoredObject.FromShared(resource, record.Value, record.Revision);
        }
        var changes = new List<ChangeEvent>();
        foreach (var resource in _registry.All)
        {
            foreach (var old in _snapshot.List(resource, null))
            {
                if (fresh.ContainsKey((resource, old.Namespace, old.Name))) continue;
                var gone = old.CloneObject();
                var deleted = new StoredObject(resource, gone, old.Json);
                deleted.Stamp(list.Revision);
                changes.Add(new ChangeEvent(list.Revision, WatchEventType.Deleted, deleted, old));
            }
        }
        foreach (var ((resource, ns, name), current) in fresh)
        {
            var previous = _snapshot.Get(resource, ns, name);
            if (previous is not null && previous.ResourceVersion == current.ResourceVersion) continue;
            changes.Add(new ChangeEvent(list.Revision, previous is null ? WatchEventType.Added : WatchEventType.Modified, current, previous));
        }
        _allocationsStale = true;
        Publish(list.Revision, changes);
        return list.Revision;
    }
}
