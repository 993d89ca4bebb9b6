using System.Net;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking;

/// <summary>
/// Service ClusterIPs from one IPv4 CIDR (k/k ipallocator). The network and broadcast addresses
/// are never handed out, the first usable address belongs to default/kubernetes, and dynamic
/// allocation prefers the upper band so static requests in the lower band rarely collide.
/// Allocations live in the write transaction, so they commit or roll back with the Service.
/// </summary>
public sealed class ClusterIpAllocator
{
    private readonly BandedRange _usable;
    private readonly RandomSource _random;

    public ClusterIpAllocator(ServiceCidr cidr, RandomSource random)
    {
        Cidr = cidr;
        _random = random;
        _usable = new BandedRange(cidr.Network + 1L, cidr.Size - 2, BandedRange.BandOffset(cidr.Size, 16, 256));
        RangeKey = $"clusterip:{cidr}";
        KubernetesServiceIp = ServiceCidr.ToAddress(cidr.Network + 1);
    }

    public ServiceCidr Cidr { get; }

    /// <summary>The allocation range name in storage, e.g. "clusterip:10.96.0.0/12".</summary>
    public string RangeKey { get; }

    /// <summary>The first usable address, reserved for the default/kubernetes Service.</summary>
    public IPAddress KubernetesServiceIp { get; }

    /// <summary>The static band's size: that many addresses after the network address.</summary>
    public long StaticBandSize => _usable.Offset;

    public bool Contains(string ip) => ServiceCidr.ToValue(ip) is { } value && _usable.Contains(value);

    /// <summary>
    /// Takes <paramref name="ip"/> and returns null, or returns the allocator's error text. Under dry
    /// run, like Kubernetes' dry-run allocator, only the range is checked.
    /// </summary>
    public string? Allocate(IWriteTransaction tx, string ip, string owner)
    {
        if (ServiceCidr.ToValue(ip) is not { } value || !_usable.Contains(value))
            return $"provided IP is not in the valid range. The range of valid IPs is {Cidr}";
        if (tx.TryAllocate(RangeKey, value, owner) || tx.DryRun) return null;
        return "provided IP is already allocated";
    }

    /// <summary>A free address (upper band first, never the kubernetes address), or null when the range is full.</summary>
    public string? AllocateNext(IWriteTransaction tx, string owner) =>
        _usable.AllocateNext(tx, RangeKey, owner, _random, skip: Cidr.Network + 1L) is { } value
            ? ServiceCidr.ToAddress((uint)value).ToString()
            : null;

    public void Release(IWriteTransaction tx, string ip)
    {
        if (ServiceCidr.ToValue(ip) is { } value) tx.Release(RangeKey, value);
    }

    public bool IsAllocated(IWriteTransaction tx, string ip) => ServiceCidr.ToValue(ip) is { } value && tx.IsAllocated(RangeKey, value);
}
