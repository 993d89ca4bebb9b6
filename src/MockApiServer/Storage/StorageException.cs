namespace MockApiServer.Storage;

public enum StorageError
{
    /// <summary>The revision asked for is at or below the compacted revision.</summary>
    Compacted,

    /// <summary>The revision asked for is newer than the store's.</summary>
    FutureRevision,

    /// <summary>A transaction's condition or allocation did not hold; nothing was written.</summary>
    ConditionFailed,

    /// <summary>The store could not read or write (disk, connection).</summary>
    Unavailable,
}

/// <summary>A storage failure, mapped to a Status by the registry (kube's storage.StorageError).</summary>
public sealed class StorageException(StorageError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public StorageError Error { get; } = error;

    /// <summary>For <see cref="StorageError.Compacted"/> and <see cref="StorageError.FutureRevision"/>: the store's bound; for <see cref="StorageError.ConditionFailed"/> on a shared store, the revision a cache must reach to see why.</summary>
    public long Revision { get; init; }

    /// <summary>For <see cref="StorageError.ConditionFailed"/>: the key whose condition did not hold (none for an allocation).</summary>
    public StorageKey? Key { get; init; }

    /// <summary>For <see cref="StorageError.ConditionFailed"/>: the index in the batch of the transaction that failed.</summary>
    public int? Transaction { get; internal set; }

    public static StorageException Compacted(long requested, long compacted) =>
        new(StorageError.Compacted, $"revision {requested} has been compacted (at {compacted})") { Revision = compacted };

    public static StorageException Future(long requested, long current) =>
        new(StorageError.FutureRevision, $"revision {requested} is newer than the store's {current}") { Revision = current };
}
