using System.Security.Cryptography;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// k/k pkg/api/v1/endpoints RepackSubsets and the endpoints controller's truncation: the canonical
/// form the Endpoints controller writes and compares.
/// </summary>
public static class EndpointSubsets
{
    /// <summary>The most addresses (ready + not ready) one Endpoints object holds.</summary>
    public const int MaxCapacity = 1000;

    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    /// <summary>
    /// Addresses are de-duplicated by (IP, target UID); each distinct port collects the addresses
    /// offering it ("not ready" wins); ports with the same address set share a subset. Addresses are
    /// sorted by IP then UID, ports and subsets by a hash of their content (deterministic, as in
    /// Kubernetes, though the hash input is our JSON rather than Go's spew dump).
    /// </summary>
    public static List<V1EndpointSubset> Repack(IEnumerable<V1EndpointSubset> subsets)
    {
        var addresses = new Dictionary<(string Ip, string Uid), V1EndpointAddress>();
        var byPort = new Dictionary<string, (Corev1EndpointPort? Port, Dictionary<(string, string), bool> Ready)>(StringComparer.Ordinal);
        foreach (var subset in subsets)
        {
            IEnumerable<Corev1EndpointPort?> ports = subset.Ports is { Count: > 0 } p ? p : [null];
            foreach (var port in ports)
            {
                var portKey = port is null ? "" : KubeJson.Serialize(port);
                if (!byPort.TryGetValue(portKey, out var entry)) byPort[portKey] = entry = (port, []);
                foreach (var a in subset.Addresses ?? []) Map(a, true, addresses, entry.Ready);
                foreach (var a in subset.NotReadyAddresses ?? []) Map(a, false, addresses, entry.Ready);
            }
        }
        var groups = new Dictionary<string, (Dictionary<(string, string), bool> Ready, List<Corev1EndpointPort> Ports)>(StringComparer.Ordinal);
        foreach (var (port, ready) in byPort.Values)
        {
            var setKey = string.Join(";", ready.OrderBy(r => r.Key).Select(r => $"{r.Key.Item1},{r.Key.Item2},{r.Value}"));
            if (!groups.TryGetValue(setKey, out var group)) groups[setKey] = group = (ready, []);
            if (port is not null) group.Ports.Add(port);
        }
        var result = groups.Values.Select(g => new V1EndpointSubset
        {
            Addresses = NullIfEmpty(g.Ready.Where(r => r.Value).Select(r => addresses[r.Key])),
            NotReadyAddresses = NullIfEmpty(g.Ready.Where(r => !r.Value).Select(r => addresses[r.Key])),
            Ports = NullIfEmpty(g.Ports.OrderBy(Hash, StringComparer.Ordinal)),
        });
        return result.OrderBy(Hash, StringComparer.Ordinal).ToList();
    }

    private static void Map(V1EndpointAddress address, bool ready, Dictionary<(string, string), V1EndpointAddress> all, Dictionary<(string, string), bool> set)
    {
        var key = (address.Ip ?? "", address.TargetRef?.Uid ?? "");
        all.TryAdd(key, address);
        if (!set.TryGetValue(key, out var wasReady) || wasReady) set[key] = ready;
    }

    private static List<T>? NullIfEmpty<T>(IEnumerable<T> items)
    {
        var list = items is IEnumerable<V1EndpointAddress> addresses
            ? addresses.OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Uid, StringComparer.Ordinal).Cast<T>().ToList()
            : items.ToList();
        return list.Count == 0 ? null : list;
    }

    private static string Hash(object value) => Convert.ToHexString(MD5.HashData(KubeJson.SerializeToUtf8Bytes(value)));

    public static int Count(IEnumerable<V1EndpointSubset>? subsets) =>
        subsets?.Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0)) ?? 0;

    /// <summary>
    /// truncateEndpoints: over <see cref="MaxCapacity"/>, ready addresses are kept first and the
    /// capacity is spread over subsets in proportion (rounded up); returns true when it truncated.
    /// </summary>
    public static bool Truncate(IList<V1EndpointSubset> subsets)
    {
        var totalReady = subsets.Sum(s => s.Addresses?.Count ?? 0);
        var totalNotReady = subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0);
        if (totalReady + totalNotReady <= MaxCapacity) return false;
        var truncateReady = totalReady > MaxCapacity;
        var max = truncateReady ? MaxCapacity : MaxCapacity - totalReady;
        var total = truncateReady ? totalReady : totalNotReady;
        var canBeAdded = max;
        foreach (var subset in subsets)
        {
            var inSubset = truncateReady ? subset.Addresses?.Count ?? 0 : subset.NotReadyAddresses?.Count ?? 0;
            var toBeAdded = Math.Min((int)Math.Ceiling((double)inSubset / total * max), canBeAdded);
            if (truncateReady)
            {
                subset.Addresses = Take(subset.Addresses, toBeAdded);
                subset.NotReadyAddresses = null;
                canBeAdded -= subset.Addresses?.Count ?? 0;
            }
            else
            {
                subset.NotReadyAddresses = Take(subset.NotReadyAddresses, toBeAdded);
                canBeAdded -= subset.NotReadyAddresses?.Count ?? 0;
            }
        }
        return true;
    }

    private static List<V1EndpointAddress>? Take(IList<V1EndpointAddress>? addresses, int max) =>
        addresses is null || addresses.Count <= max ? addresses?.ToList() : addresses.Take(max).ToList() is { Count: > 0 } l ? l : null;
}
