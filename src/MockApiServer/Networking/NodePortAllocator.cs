using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking;

/// <summary>
/// Service nodePorts from the node-port range (k/k portallocator): requested ports anywhere in
/// the range, dynamic ones from the upper band first. Allocations live in the write transaction.
/// </summary>
public sealed class NodePortAllocator
{
    private readonly BandedRange _ports;
    private readonly RandomSource _random;

    public NodePortAllocator(PortRange range, RandomSource random)
    {
        Range = range;
        _random = random;
        _ports = new BandedRange(range.Base, range.Size, BandedRange.BandOffset(range.Size, 32, 128));
        RangeKey = $"nodeport:{range}";
    }

    public PortRange Range { get; }

    /// <summary>The allocation range name in storage, e.g. "nodeport:30000-32767".</summary>
    public string RangeKey { get; }

    /// <summary>The first port of the dynamic band (30086 for 30000-32767).</summary>
    public int DynamicBandStart => (int)(_ports.First + _ports.Offset);

    /// <summary>Takes <paramref name="port"/> and returns null, or returns the allocator's error text.</summary>
    public string? Allocate(IWriteTransaction tx, int port, string owner)
    {
        if (!Range.Contains(port)) return $"provided port is not in the valid range. The range of valid ports is {Range}";
        return tx.TryAllocate(RangeKey, port, owner) ? null : "provided port is already allocated";
    }

    /// <summary>A free port (upper band first), or null when the range is full.</summary>
    public int? AllocateNext(IWriteTransaction tx, string owner) =>
        _ports.AllocateNext(tx, RangeKey, owner, _random) is { } port ? (int)port : null;

    public void Release(IWriteTransaction tx, int port) => tx.Release(RangeKey, port);

    public bool IsAllocated(IWriteTransaction tx, int port) => tx.IsAllocated(RangeKey, port);
}
