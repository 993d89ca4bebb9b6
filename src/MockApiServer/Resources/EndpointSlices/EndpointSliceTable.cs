using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.EndpointSlices;

/// <summary>kubectl get columns for EndpointSlices (k/k printers.go printEndpointSlice).</summary>
public sealed class EndpointSliceTable : ITablePrinter
{
    private const int MaxShown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("AddressType", "string", "", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
        new("Ports", "string", "", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."),
        new("Endpoints", "string", "", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var slice = (V1EndpointSlice)obj;
        return
        [
            slice.Metadata.Name,
            slice.AddressType ?? "",
            ListWithMore((slice.Ports ?? []).Select(p => p.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? p.Name ?? "*").ToList()),
            ListWithMore((slice.Endpoints ?? []).SelectMany(e => e.Addresses ?? []).ToList()),
            HumanDuration.Age(slice.Metadata.CreationTimestamp, now),
        ];
    }

    /// <summary>listWithMoreString: the first three joined by commas, then " + N more..."; "&lt;unset&gt;" when empty.</summary>
    private static string ListWithMore(IReadOnlyList<string> items)
    {
        if (items.Count == 0) return "<unset>";
        var shown = string.Join(",", items.Take(MaxShown));
        return items.Count > MaxShown ? $"{shown} + {items.Count - MaxShown} more..." : shown;
    }
}
