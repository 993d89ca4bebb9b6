namespace MockApiServer.Storage;

/// <summary>
/// What a storage backend must do for the registry — the contract of kube-apiserver's
/// storage.Interface, cut to what this server uses. Values are opaque bytes under a
/// <see cref="StorageKey"/>; every committed operation gets its own revision from one global,
/// strictly increasing counter (etcd's revision, SQLite's change log). The conformance suite in
/// tests/MockApiServer.Tests/Storage/StorageConformance.cs pins every rule below; a new backend
/// passes it before anything else uses it.
/// </summary>
/// <remarks>
/// Threading: <see cref="Commit"/> and <see cref="Compact"/> are called by one writer at a time;
/// the read methods and <see cref="Watch"/> may be called from any thread, concurrently with it.
/// Nothing here throws the API layer's errors: failures are <see cref="StorageException"/>.
/// </remarks>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>Connects (and migrates) the store. Called once, before anything else.</summary>
    void Open();

    /// <summary>
    /// False when this process is the store's only writer: each operation gets the next revision,
    /// <see cref="Revision"/> + 1, + 2, … in batch order, so the writer may stamp them before it
    /// commits (SQLite). True when other servers write to the same store (etcd): a batch commits
    /// as one revision that only the commit tells, each key at most once per batch, and a cache
    /// learns every change — its own included — from <see cref="Watch"/>.
    /// </summary>
    bool SharedRevisions { get; }

    /// <summary>The newest committed revision (0 for an empty store).</summary>
    long Revision { get; }

    /// <summary>History at or below this revision is gone: reads and watches there fail with <see cref="StorageError.Compacted"/>.</summary>
    long CompactedRevision { get; }

    /// <summary>
    /// Commits the transactions of a batch together, in order: all of them or none. Without
    /// <see cref="SharedRevisions"/>, operations get consecutive revisions from
    /// <see cref="Revision"/> + 1 in the order given — a single writer may rely on that to stamp
    /// revisions into values before it commits — and a condition is checked against the state left
    /// by the transactions before it in the same batch. With it, the batch gets one revision.
    /// </summary>
    /// <returns>The batch's last revision.</returns>
    /// <exception cref="StorageException"><see cref="StorageError.ConditionFailed"/> (nothing written) when a condition or an allocation does not hold, naming the transaction and, for a condition, the key; <see cref="StorageError.Unavailable"/> when the store cannot write.</exception>
    long Commit(IReadOnlyList<StorageTransaction> batch);

    /// <summary>One value as it was at <paramref name="revision"/> (null: the latest), or null when the key did not exist then.</summary>
    /// <exception cref="StorageException"><see cref="StorageError.Compacted"/> or <see cref="StorageError.FutureRevision"/> for a revision outside the history.</exception>
    StorageRecord? Get(StorageKey key, long? revision = null);

    /// <summary>
    /// Every value of a resource (every resource when null) in a namespace (every namespace when
    /// null) as it was at <paramref name="revision"/> (null: the latest), ordered by resource,
    /// namespace, name; with the revision the list is consistent at.
    /// </summary>
    /// <exception cref="StorageException"><see cref="StorageError.Compacted"/> or <see cref="StorageError.FutureRevision"/> for a revision outside the history.</exception>
    StorageList List(string? resource, string? ns, long? revision = null);

    /// <summary>
    /// Every change after <paramref name="fromRevision"/>, oldest first with no gap or duplicate:
    /// the history first, then changes as they commit, until <paramref name="ct"/> is cancelled.
    /// </summary>
    /// <exception cref="StorageException"><see cref="StorageError.Compacted"/> (at the first move) when <paramref name="fromRevision"/> is below the history.</exception>
    IAsyncEnumerable<StorageEvent> Watch(long fromRevision, CancellationToken ct);

    /// <summary>
    /// Forgets history at or below <paramref name="revision"/>, as etcd compacts: values superseded
    /// or deleted by then are gone; each key's newest value stays readable. Never past <see cref="Revision"/>.
    /// </summary>
    void Compact(long revision);

    /// <summary>
    /// Every taken value of every allocation range (ClusterIPs, NodePorts) with its owner, as at
    /// <paramref name="revision"/> (null: the latest) — so a cache over a shared store reads the
    /// allocations that go with its snapshot. A backend without <see cref="SharedRevisions"/>
    /// keeps no allocation history and answers only the latest.
    /// </summary>
    /// <exception cref="StorageException"><see cref="StorageError.Compacted"/> for a revision outside the history (any but the newest, without <see cref="SharedRevisions"/>).</exception>
    IReadOnlyList<Allocation> Allocations(long? revision = null);

    /// <summary>
    /// Whether the store answers now (/readyz): a round trip for a store across the network, never
    /// throwing; an embedded store that opened is always there.
    /// </summary>
    Task<bool> IsHealthyAsync(CancellationToken ct) => Task.FromResult(true);

    /// <summary>The name /readyz gives the store's check ("etcd"), or null when it has none of its own.</summary>
    string? HealthCheckName => null;
}
