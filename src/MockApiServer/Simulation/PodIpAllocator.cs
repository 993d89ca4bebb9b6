using MockApiServer.Networking;

namespace MockApiServer.Simulation;

/// <summary>
/// The CNI's host-local IPAM per node: pods get addresses of their node's podCIDR from .2 up
/// (.1 is the bridge), round-robin after the last one handed out, so a recreated pod gets a new
/// address, and never one a live pod holds. In memory; rebuilt from the stored pods at start.
/// </summary>
public sealed class PodIpAllocator
{
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Node, uint Ip)> _byPod = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>An address for the pod (the one it has if any), or null when the CIDR is full or unusable.</summary>
    public string? Allocate(string node, string podCidr, string podUid)
    {
        lock (_gate)
        {
            if (_byPod.TryGetValue(podUid, out var held)) return ServiceCidr.ToAddress(held.Ip).ToString();
            if (PoolFor(node, podCidr) is not { } pool) return null;
            var size = (uint)pool.Cidr.Size;
            for (uint i = 0; i < size; i++)
            {
                var offset = (pool.Last + 1 + i) % size;
                if (offset < 2 || offset == size - 1) continue;
                var ip = pool.Cidr.Network + offset;
                if (!pool.Used.Add(ip)) continue;
                pool.Last = offset;
                _byPod[podUid] = (node, ip);
                return ServiceCidr.ToAddress(ip).ToString();
            }
            return null;
        }
    }

    /// <summary>Marks an address a stored pod already has as taken (startup rebuild).</summary>
    public void Reserve(string node, string podCidr, string ip, string podUid)
    {
        lock (_gate)
        {
            if (PoolFor(node, podCidr) is not { } pool || ServiceCidr.ToValue(ip) is not { } value || !pool.Cidr.Contains(value)) return;
            if (!pool.Used.Add(value)) return;
            _byPod[podUid] = (node, value);
            pool.Last = Math.Max(pool.Last, value - pool.Cidr.Network);
        }
    }

    public void Release(string podUid)
    {
        lock (_gate)
        {
            if (!_byPod.Remove(podUid, out var held)) return;
            if (_pools.TryGetValue(held.Node, out var pool)) pool.Used.Remove(held.Ip);
        }
    }

    private Pool? PoolFor(string node, string podCidr)
    {
        if (_pools.TryGetValue(node, out var pool) && pool.Text == podCidr) return pool;
        ServiceCidr cidr;
        try
        {
            cidr = ServiceCidr.Parse(podCidr, "podCIDR");
        }
        catch (FormatException)
        {
            return null;
        }
        pool = new Pool(podCidr, cidr);
        _pools[node] = pool;
        return pool;
    }

    private sealed class Pool(string text, ServiceCidr cidr)
    {
        public string Text { get; } = text;
        public ServiceCidr Cidr { get; } = cidr;
        public HashSet<uint> Used { get; } = [];
        public uint Last { get; set; } = 1;
    }
}
