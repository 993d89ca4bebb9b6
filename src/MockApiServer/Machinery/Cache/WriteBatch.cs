using MockApiServer.Storage;

namespace MockApiServer.Machinery.Cache;

/// <summary>
/// The writes of one group commit: the changes in revision order, the allocation journal and the
/// backend transactions (one per request that wrote). Each request writes through its own
/// <see cref="WriteTransaction"/>, merged here on success.
/// </summary>
internal sealed class WriteBatch(CacheSnapshot snapshot, AllocationState allocations, DateTime now, bool shared = false)
{
    /// <summary>The backend's revisions are shared with other writers: nothing is stamped before the commit.</summary>
    public bool Shared { get; } = shared;

    public CacheSnapshot Snapshot { get; } = snapshot;
    public AllocationState Allocations { get; } = allocations;
    public DateTime Now { get; } = now;
    public long NextRevision { get; set; } = snapshot.Revision + 1;
    public List<ChangeEvent> Changes { get; } = [];
    public List<AllocationChange> AllocationChanges { get; } = [];
    public List<StorageTransaction> Transactions { get; } = [];

    /// <summary>For each of <see cref="Transactions"/>, the index of the request it belongs to.</summary>
    public List<int> TransactionOwners { get; } = [];
    public Dictionary<(ResourceDefinition, string, string), StoredObject?> Overlay { get; } = [];

    public long LastRevision => NextRevision - 1;

    /// <summary>Undoes every allocation of the batch (the commit failed).</summary>
    public void RollbackAllocations()
    {
        for (var i = AllocationChanges.Count - 1; i >= 0; i--) Allocations.Undo(AllocationChanges[i]);
        AllocationChanges.Clear();
    }
}

internal sealed record AllocationChange(string Range, long Value, string? Owner, bool Allocated);
