namespace MockApiServer.Machinery.Cache;

/// <summary>
/// Which values of each range are taken, mirrored from the allocations table. Only the writer
/// touches it, so it needs no locks.
/// </summary>
internal sealed class AllocationState
{
    private readonly Dictionary<string, Dictionary<long, string>> _ranges = new(StringComparer.Ordinal);

    public bool IsAllocated(string range, long value) => _ranges.TryGetValue(range, out var r) && r.ContainsKey(value);

    public bool TryAllocate(string range, long value, string owner) => Range(range).TryAdd(value, owner);

    /// <summary>Frees a value and returns its former owner, or null when it was free.</summary>
    public string? Release(string range, long value) => Range(range).Remove(value, out var owner) ? owner : null;

    public IReadOnlyDictionary<long, string> Allocated(string range) => Range(range);

    /// <summary>Forgets every value and takes the given ones (a shared store's allocations, read again).</summary>
    public void Reset(IEnumerable<(string Range, long Value, string Owner)> taken)
    {
        _ranges.Clear();
        foreach (var (range, value, owner) in taken) Range(range)[value] = owner;
    }

    public void Undo(AllocationChange change)
    {
        if (change.Allocated) Range(change.Range).Remove(change.Value);
        else Range(change.Range)[change.Value] = change.Owner!;
    }

    private Dictionary<long, string> Range(string range)
    {
        if (!_ranges.TryGetValue(range, out var values)) _ranges[range] = values = [];
        return values;
    }
}
