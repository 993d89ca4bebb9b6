using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace MockApiServer.Storage.Etcd;

/// <summary>
/// The etcd v3 backend (<c>--etcd-servers</c>), shared by every server on the same cluster. A
/// batch is one <c>Txn</c>, so it gets one revision — etcd's, the <c>mod_revision</c> of every key
/// it wrote, which is the objects' resourceVersion. The <c>Txn</c> compares each condition on
/// <c>mod_revision</c> (<c>create_revision = 0</c> for "must not exist"), each delete on the key
/// existing and each new allocation on its key not existing, and reads the compared keys back on
/// failure so the refusal names the transaction and key that lost. Values are JSON, not
/// kube-apiserver's protobuf, so <c>etcdctl get</c> shows them as they are served.
/// </summary>
public sealed partial class EtcdStorageBackend(EtcdOptions options, EtcdKeyLayout layout, TimeProvider time, ILogger<EtcdStorageBackend> logger) : IStorageBackend
{
    /// <summary>kube-apiserver's compactor key, at the root of the keyspace: the revision last compacted, its version the compactors' turn.</summary>
    public const string CompactRevisionKey = "compact_rev_key";

    private const int ListPageSize = 500;

    private readonly CancellationTokenSource _stopping = new();
    private EtcdClient? _client;
    private KV.KVClient? _kv;
    private Watch.WatchClient? _watch;
    private Task? _compactor;
    private long _revision;
    private long _compacted;

    public bool SharedRevisions => true;

    /// <summary>etcd's newest revision, asked of the cluster.</summary>
    public long Revision => Call(() => Kv.Range(new RangeRequest { Key = Bytes(layout.Root), CountOnly = true }, deadline: Deadline)).Header.Revision;

    public long CompactedRevision => Interlocked.Read(ref _compacted);

    public void Open()
    {
        if (_client is not null) return;
        _client = new EtcdClient(string.Join(',', options.Servers));
        _kv = _client.GetConnection().KVClient;
        _watch = _client.GetConnection().WatchClient;
        _revision = Revision;
        _compacted = FindCompactedRevision(_revision);
        if (options.CompactionInterval > TimeSpan.Zero) _compactor = Task.Run(() => CompactOnScheduleAsync(_stopping.Token));
        logger.LogInformation("Storage: etcd at {Servers}, keys under {Prefix}, revision {Revision}", string.Join(',', options.Servers), layout.Prefix, _revision);
    }

    public string HealthCheckName => "etcd";

    /// <summary>Answers whether the cluster serves a read (for /readyz).</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            await Kv.RangeAsync(new RangeRequest { Key = Bytes(CompactRevisionKey), CountOnly = true }, deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: ct);
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    public long Commit(IReadOnlyList<StorageTransaction> batch)
    {
        var txn = new TxnRequest();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var checks = new List<(int Transaction, StorageKey? Key, string EtcdKey, Func<KeyValue?, bool> Holds)>();
        for (var i = 0; i < batch.Count; i++) AddTransaction(txn, i, batch[i], written, checks);
        foreach (var check in checks.Select(c => c.EtcdKey).Distinct(StringComparer.Ordinal))
            txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(check), KeysOnly = true } });
        var started = Stopwatch.GetTimestamp();
        TxnResponse response;
        try
        {
            response = Call(() => Kv.Txn(txn, deadline: Deadline));
        }
        catch (StorageException e) when (e.InnerException is RpcException { StatusCode: StatusCode.InvalidArgument } rpc && rpc.Status.Detail.Contains("too many operations", StringComparison.Ordinal))
        {
            throw new StorageException(StorageError.Unavailable,
                $"etcd refused a transaction of {Math.Max(txn.Success.Count, txn.Failure.Count)} operations ({rpc.Status.Detail}): start etcd with a larger --max-txn-ops (128 by default)", e);
        }
        logger.LogDebug("etcd txn of {Operations} operations in {Elapsed} ms", txn.Success.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!response.Succeeded) throw Refusal(response, checks);
        InterlockedMax(ref _revision, response.Header.Revision);
        return response.Header.Revision;
    }

    private void AddTransaction(TxnRequest txn, int index, StorageTransaction transaction, HashSet<string> written,
        List<(int, StorageKey?, string, Func<KeyValue?, bool>)> checks)
    {
        foreach (var condition in transaction.Conditions)
        {
            var key = layout.Key(condition.Key);
            var revision = condition.Revision;
            txn.Compare.Add(revision == 0
                ? new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 }
                : new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = revision });
            checks.Add((index, condition.Key, key, kv => (kv?.ModRevision ?? 0) == revision));
        }
        foreach (var op in transaction.Operations)
        {
            var key = layout.Key(op.Key);
            if (!written.Add(key)) throw new ArgumentException($"{op.Key} is written twice in one batch; etcd takes each key once per transaction");
            if (op.Value is { } value)
            {
                txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value) } });
                continue;
            }
            txn.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Greater, Version = 0 });
            checks.Add((index, op.Key, key, kv => kv is not null));
            txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(key) } });
        }
        // Per value, the transaction's last word: taken by an owner or free; a value taken without
        // being released first must have been free.
        var released = new HashSet<(string, long)>();
        var final = new Dictionary<(string, long), string?>();
        foreach (var a in transaction.Allocations)
        {
            if (a.Owner is null) released.Add((a.Range, a.Value));
            final[(a.Range, a.Value)] = a.Owner;
        }
        foreach (var ((range, value), owner) in final)
        {
            var key = layout.AllocationKey(range, value);
            if (!written.Add(key)) throw new ArgumentException($"allocation {range}/{value} changes twice in one batch; etcd takes each key once per transaction");
            if (owner is null)
            {
                txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(key) } });
                continue;
            }
            if (!released.Contains((range, value)))
            {
                txn.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
                checks.Add((index, null, key, kv => kv is null));
            }
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFromUtf8(owner) } });
        }
    }

    /// <summary>The first check that did not hold, read at the failed Txn's revision.</summary>
    private static StorageException Refusal(TxnResponse response, List<(int Transaction, StorageKey? Key, string EtcdKey, Func<KeyValue?, bool> Holds)> checks)
    {
        var found = new Dictionary<string, KeyValue>(StringComparer.Ordinal);
        foreach (var r in response.Responses)
            foreach (var kv in r.ResponseRange.Kvs) found[kv.Key.ToStringUtf8()] = kv;
        foreach (var (transaction, key, etcdKey, holds) in checks)
        {
            var kv = found.GetValueOrDefault(etcdKey);
            if (holds(kv)) continue;
            var message = key is { } k ? $"{k} is at revision {kv?.ModRevision ?? 0}" : $"{etcdKey} is already allocated";
            // The revision of the write that got there first, when there is one: a cache that has it can run the transaction again.
            return new StorageException(StorageError.ConditionFailed, message) { Key = key, Transaction = transaction, Revision = kv?.ModRevision ?? response.Header.Revision };
        }
        // Every check holds at the revision of the reads: the state changed between the compare and the read.
        return new StorageException(StorageError.ConditionFailed, "a condition did not hold when the transaction ran") { Transaction = checks.FirstOrDefault().Transaction, Revision = response.Header.Revision };
    }

    public StorageRecord? Get(StorageKey key, long? revision = null)
    {
        var response = Read(new RangeRequest { Key = Bytes(layout.Key(key)), Revision = revision ?? 0 }, revision);
        return response.Kvs.Count == 0 ? null : new StorageRecord(key, response.Kvs[0].ModRevision, response.Kvs[0].Value.ToByteArray());
    }

    public StorageList List(string? resource, string? ns, long? revision = null)
    {
        var directory = layout.Directory(resource, ns);
        var end = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(directory));
        var from = Bytes(directory);
        var at = revision ?? 0;
        var records = new List<StorageRecord>();
        while (true)
        {
            var page = Read(new RangeRequest { Key = from, RangeEnd = end, Revision = at, Limit = ListPageSize }, revision);
            at = page.Header.Revision is var r && at == 0 ? r : at;
            foreach (var kv in page.Kvs)
            {
                if (layout.Parse(kv.Key.ToStringUtf8()) is not { } key) continue;
                if (resource is not null && key.Resource != resource) continue;
                if (ns is not null && key.Namespace != ns) continue;
                records.Add(new StorageRecord(key, kv.ModRevision, kv.Value.ToByteArray()));
            }
            if (!page.More || page.Kvs.Count == 0) break;
            from = ByteString.CopyFrom([.. page.Kvs[^1].Key.Span, 0]);
        }
        records.Sort(static (a, b) => string.CompareOrdinal(a.Key.Resource, b.Key.Resource) is var byResource and not 0 ? byResource
            : string.CompareOrdinal(a.Key.Namespace, b.Key.Namespace) is var byNs and not 0 ? byNs : string.CompareOrdinal(a.Key.Name, b.Key.Name));
        return new StorageList(at, records);
    }

    public async IAsyncEnumerable<StorageEvent> Watch(long fromRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        if (fromRevision < CompactedRevision) throw StorageException.Compacted(fromRevision, CompactedRevision);
        using var call = WatchClient.Watch(cancellationToken: ct);
        try
        {
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = Bytes(layout.Root),
                    RangeEnd = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(layout.Root)),
                    StartRevision = fromRevision + 1,
                    PrevKv = true,
                },
            }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is RpcException or OperationCanceledException)
        {
            yield break;
        }
        while (true)
        {
            WatchResponse response;
            try
            {
                if (!await call.ResponseStream.MoveNext(ct).ConfigureAwait(false)) yield break;
                response = call.ResponseStream.Current;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || ct.IsCancellationRequested)
            {
                yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            catch (RpcException e)
            {
                throw new StorageException(StorageError.Unavailable, $"the etcd watch failed: {e.Status.Detail}", e);
            }
            if (response.CompactRevision > 0)
            {
                InterlockedMax(ref _compacted, response.CompactRevision);
                throw StorageException.Compacted(fromRevision, response.CompactRevision);
            }
            if (response.Canceled) throw new StorageException(StorageError.Unavailable, $"etcd cancelled the watch: {response.CancelReason}");
            foreach (var e in response.Events)
            {
                if (layout.Parse(e.Kv.Key.ToStringUtf8()) is not { } key) continue;
                yield return e.Type == Event.Types.EventType.Delete
                    ? new StorageEvent(e.Kv.ModRevision, StorageEventType.Deleted, key, e.PrevKv?.Value.ToByteArray() ?? [])
                    : new StorageEvent(e.Kv.ModRevision, e.Kv.CreateRevision == e.Kv.ModRevision ? StorageEventType.Created : StorageEventType.Updated, key, e.Kv.Value.ToByteArray());
            }
        }
    }

    public IReadOnlyList<Allocation> Allocations(long? revision = null)
    {
        var response = Read(new RangeRequest { Key = Bytes(layout.AllocationRoot), RangeEnd = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(layout.AllocationRoot)), Revision = revision ?? 0 }, revision);
        var result = new List<Allocation>();
        foreach (var kv in response.Kvs)
            if (layout.ParseAllocation(kv.Key.ToStringUtf8()) is var (range, value)) result.Add(new Allocation(range, value, kv.Value.ToStringUtf8()));
        return [.. result.OrderBy(a => a.Range, StringComparer.Ordinal).ThenBy(a => a.Value)];
    }

    /// <summary>A read, with etcd's refusals of a revision outside its history as the contract's errors.</summary>
    private RangeResponse Read(RangeRequest request, long? revision)
    {
        try
        {
            return Call(() => Kv.Range(request, deadline: Deadline));
        }
        catch (StorageException e) when (e.Error == StorageError.FutureRevision)
        {
            throw StorageException.Future(revision ?? 0, Revision);
        }
        catch (StorageException e) when (e.Error == StorageError.Compacted)
        {
            throw new StorageException(StorageError.Compacted, e.Message) { Revision = CompactedRevision };
        }
    }

    /// <summary>One etcd call; its failures as storage errors, etcd's own message kept ("mvcc: required revision has been compacted").</summary>
    private static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RpcException e) when (e.Status.Detail.Contains("required revision has been compacted", StringComparison.Ordinal))
        {
            throw new StorageException(StorageError.Compacted, e.Status.Detail, e);
        }
        catch (RpcException e) when (e.Status.Detail.Contains("required revision is a future revision", StringComparison.Ordinal))
        {
            throw new StorageException(StorageError.FutureRevision, e.Status.Detail, e);
        }
        catch (RpcException e)
        {
            throw new StorageException(StorageError.Unavailable, $"etcd: {e.Status.StatusCode}: {e.Status.Detail}", e);
        }
    }

    private DateTime Deadline => DateTime.UtcNow + options.RequestTimeout;

    private KV.KVClient Kv => _kv ?? throw new InvalidOperationException("The storage backend is not open.");

    private Watch.WatchClient WatchClient => _watch ?? throw new InvalidOperationException("The storage backend is not open.");

    private static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Stops the compactor and closes the client; a second call does nothing (the cache and the container both dispose it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _client, null) is not { } client) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_compactor is not null) await _compactor.ConfigureAwait(false);
        client.Dispose();
    }
}
