namespace MockApiServer.Storage;

/// <summary>
/// One atomic write: conditions on the revisions of keys (etcd's Txn compare on mod_revision),
/// then puts and deletes, then allocation changes. Built by the writer, committed by
/// <see cref="IStorageBackend.Commit"/>.
/// </summary>
public sealed class StorageTransaction
{
    private readonly List<StorageCondition> _conditions = [];
    private readonly List<StorageOperation> _operations = [];
    private readonly List<AllocationOperation> _allocations = [];

    public IReadOnlyList<StorageCondition> Conditions => _conditions;
    public IReadOnlyList<StorageOperation> Operations => _operations;
    public IReadOnlyList<AllocationOperation> Allocations => _allocations;

    public bool IsEmpty => _operations.Count == 0 && _allocations.Count == 0;

    /// <summary>Requires <paramref name="key"/> to be at <paramref name="revision"/>; 0 means "must not exist".</summary>
    public StorageTransaction Require(StorageKey key, long revision)
    {
        _conditions.Add(new StorageCondition(key, revision));
        return this;
    }

    public StorageTransaction Put(StorageKey key, byte[] value)
    {
        _operations.Add(new StorageOperation(key, value));
        return this;
    }

    public StorageTransaction Delete(StorageKey key)
    {
        _operations.Add(new StorageOperation(key, null));
        return this;
    }

    /// <summary>Takes a value of a range; the commit fails when another owner holds it.</summary>
    public StorageTransaction Allocate(string range, long value, string owner)
    {
        _allocations.Add(new AllocationOperation(range, value, owner));
        return this;
    }

    public StorageTransaction Release(string range, long value)
    {
        _allocations.Add(new AllocationOperation(range, value, null));
        return this;
    }
}

/// <summary>The key must be at this revision (0: absent) for the transaction to commit.</summary>
public readonly record struct StorageCondition(StorageKey Key, long Revision);

/// <summary>A put (with a value) or a delete (null value).</summary>
public readonly record struct StorageOperation(StorageKey Key, byte[]? Value);

/// <summary>An allocation (with an owner) or a release (null owner).</summary>
public readonly record struct AllocationOperation(string Range, long Value, string? Owner);
