using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking;

/// <summary>
/// A run of allocatable values split into a lower (static) band of <see cref="Offset"/> values and
/// an upper (dynamic) band (KEP-3070 for IPs, KEP-3668 for ports). Dynamic allocation starts at a
/// random point of the upper band and probes forward with wrap-around; only when the upper band
/// is full does it do the same in the lower band. Each probe is one lookup, so the cost does not
/// grow with the number of values already taken, only with how crowded the band is.
/// </summary>
internal sealed record BandedRange(long First, long Count, long Offset)
{
    /// <summary>Kubernetes' calculateRangeOffset: min(max(16, size/divisor), max), none for tiny ranges.</summary>
    public static long BandOffset(long size, long divisor, long max) => size <= 16 ? 0 : Math.Min(Math.Max(16, size / divisor), max);

    public bool Contains(long value) => value >= First && value < First + Count;

    /// <summary>Takes a free value for <paramref name="owner"/>, never <paramref name="skip"/>; null when the range is full.</summary>
    public long? AllocateNext(IWriteTransaction tx, string key, string owner, RandomSource random, long? skip = null)
    {
        if (tx.Allocated(key).Count >= Count) return null;
        return Probe(tx, key, owner, random, First + Offset, Count - Offset, skip)
            ?? Probe(tx, key, owner, random, First, Offset, skip);
    }

    private static long? Probe(IWriteTransaction tx, string key, string owner, RandomSource random, long start, long length, long? skip)
    {
        if (length <= 0) return null;
        var first = Math.Min((long)(random.NextDouble() * length), length - 1);
        for (long i = 0; i < length; i++)
        {
            var value = start + ((first + i) % length);
            if (value != skip && tx.TryAllocate(key, value, owner)) return value;
        }
        return null;
    }
}
