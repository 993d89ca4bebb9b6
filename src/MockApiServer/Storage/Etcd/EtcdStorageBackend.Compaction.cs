using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace MockApiServer.Storage.Etcd;

/// <summary>Compaction: the compacted revision found, an explicit compaction, and kube-apiserver's compactor on an interval.</summary>
public sealed partial class EtcdStorageBackend
{
    /// <summary>
    /// The oldest revision etcd still reads, found by bisection (etcd tells it only to a watch
    /// that starts below it): a read there succeeds, one below fails as compacted. 0 when nothing
    /// was compacted.
    /// </summary>
    private long FindCompactedRevision(long newest)
    {
        if (newest <= 1 || Readable(1)) return 0;
        long lo = 1, hi = newest; // lo unreadable, hi readable
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Readable(mid)) hi = mid; else lo = mid;
        }
        return hi;
    }

    private bool Readable(long revision)
    {
        try
        {
            Call(() => Kv.Range(new RangeRequest { Key = Bytes(CompactRevisionKey), Revision = revision, CountOnly = true }, deadline: Deadline));
            return true;
        }
        catch (StorageException e) when (e.Error == StorageError.Compacted)
        {
            return false;
        }
    }

    public void Compact(long revision)
    {
        var to = Math.Min(revision, Revision);
        if (to <= CompactedRevision) return;
        CompactTo(to);
    }

    private void CompactTo(long revision)
    {
        try
        {
            Call(() => Kv.Compact(new CompactionRequest { Revision = revision }, deadline: Deadline));
        }
        catch (StorageException e) when (e.Error == StorageError.Compacted)
        {
            // Another server compacted past it already.
        }
        InterlockedMax(ref _compacted, revision);
    }

    /// <summary>
    /// kube-apiserver's compactor: at every interval, the server whose turn it wins (a compare on
    /// the compact key's version, so one of several servers does it) compacts to the revision it
    /// saw one interval before, and every server learns the newest revision for the next turn.
    /// </summary>
    private async Task CompactOnScheduleAsync(CancellationToken ct)
    {
        long version = 0, previous = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CompactionInterval, time, ct).ConfigureAwait(false);
                var response = await Kv.TxnAsync(new TxnRequest
                {
                    Compare = { new Compare { Key = Bytes(CompactRevisionKey), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = version } },
                    Success = { new RequestOp { RequestPut = new PutRequest { Key = Bytes(CompactRevisionKey), Value = ByteString.CopyFromUtf8(previous.ToString(CultureInfo.InvariantCulture)) } } },
                    Failure = { new RequestOp { RequestRange = new RangeRequest { Key = Bytes(CompactRevisionKey) } } },
                }, deadline: Deadline, cancellationToken: ct).ConfigureAwait(false);
                if (!response.Succeeded)
                {
                    version = response.Responses[0].ResponseRange.Kvs.FirstOrDefault()?.Version ?? 0;
                }
                else
                {
                    version++;
                    if (previous > 0) CompactTo(previous);
                    logger.LogDebug("etcd compacted to revision {Revision}", previous);
                }
                previous = response.Header.Revision;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or StorageException)
            {
                logger.LogWarning("etcd compaction failed: {Message}", e.Message);
            }
        }
    }
}
