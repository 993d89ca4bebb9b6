using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Endpoints;

/// <summary>kubectl get columns for Endpoints (k/k printers.go printEndpoints).</summary>
public sealed class EndpointsTable : ITablePrinter
{
    private const int MaxShown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Endpoints", "string", "", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var endpoints = (V1Endpoints)obj;
        return [endpoints.Metadata.Name, FormatEndpoints(endpoints.Subsets), HumanDuration.Age(endpoints.Metadata.CreationTimestamp, now)];
    }

    /// <summary>
    /// formatEndpoints: per subset, per port, every ready address as host:port (bare IPs for a
    /// port-less subset); the first three shown, then " + N more..." counting every pair.
    /// Subsets that hold no ready address print as an empty cell, exactly as Kubernetes does.
    /// </summary>
    private static string FormatEndpoints(IList<V1EndpointSubset>? subsets)
    {
        if (subsets is null || subsets.Count == 0) return TableCells.None;
        var items = subsets.SelectMany(SubsetItems).ToList();
        var shown = string.Join(",", items.Take(MaxShown));
        return items.Count > MaxShown ? $"{shown} + {items.Count - MaxShown} more..." : shown;
    }

    private static IEnumerable<string> SubsetItems(V1EndpointSubset subset)
    {
        var addresses = subset.Addresses ?? [];
        if (subset.Ports is null || subset.Ports.Count == 0) return addresses.Select(address => address.Ip);
        return subset.Ports.SelectMany(port => addresses.Select(address => JoinHostPort(address.Ip, port.Port)));
    }

    /// <summary>Go's net.JoinHostPort: IPv6 hosts are bracketed.</summary>
    private static string JoinHostPort(string host, int port) =>
        host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
