using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking.Dns;

/// <summary>One ready address of a service, as DNS names it.</summary>
public sealed record DnsEndpoint(string Ip, string? Hostname, IReadOnlyList<DnsEndpointPort> Ports, ObjectReference? TargetRef)
{
    /// <summary>The endpoint's own label under the service: its hostname, else the IP with dashes (CoreDNS).</summary>
    public string Label => string.IsNullOrEmpty(Hostname) ? DnsNames.Dashed(Ip) : Hostname;
}

public sealed record DnsEndpointPort(string Name, int Port, string Protocol);

public sealed record ObjectReference(string? Kind, string? Namespace, string? Name);

/// <summary>
/// The ready endpoints of services, read from a snapshot: EndpointSlices (labelled
/// kubernetes.io/service-name) when that kind is served and the service has some, else the
/// v1 Endpoints of the same name. Not-ready addresses are left out, as CoreDNS does.
/// </summary>
public sealed class EndpointSource(ResourceRegistry registry)
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly ResourceDefinition _endpoints = registry.Get("", "endpoints");
    private readonly ResourceDefinition? _slices = registry.Find("discovery.k8s.io", "v1", "endpointslices");

    public IReadOnlyList<DnsEndpoint> Ready(CacheSnapshot snapshot, string ns, string service)
    {
        if (_slices is not null)
        {
            var fromSlices = snapshot.List(_slices, ns)
                .Select(s => s.Object).OfType<V1EndpointSlice>()
                .Where(s => s.Metadata.Labels?.TryGetValue(ServiceNameLabel, out var owner) == true && owner == service)
                .ToList();
            if (fromSlices.Count > 0) return Distinct(fromSlices.SelectMany(FromSlice));
        }
        return snapshot.Get(_endpoints, ns, service)?.Object is V1Endpoints endpoints ? Distinct(FromEndpoints(endpoints)) : [];
    }

    private static IEnumerable<DnsEndpoint> FromSlice(V1EndpointSlice slice)
    {
        if (slice.AddressType is "FQDN") yield break;
        var ports = (slice.Ports ?? []).Select(p => new DnsEndpointPort(p.Name ?? "", p.Port ?? 0, p.Protocol ?? "TCP")).ToList();
        foreach (var endpoint in slice.Endpoints ?? [])
        {
            if (endpoint.Conditions?.Ready == false) continue;
            foreach (var ip in endpoint.Addresses ?? [])
                yield return new DnsEndpoint(ip, endpoint.Hostname, ports, Reference(endpoint.TargetRef));
        }
    }

    private static IEnumerable<DnsEndpoint> FromEndpoints(V1Endpoints endpoints)
    {
        foreach (var subset in endpoints.Subsets ?? [])
        {
            var ports = (subset.Ports ?? []).Select(p => new DnsEndpointPort(p.Name ?? "", p.Port, p.Protocol ?? "TCP")).ToList();
            foreach (var address in subset.Addresses ?? [])
                yield return new DnsEndpoint(address.Ip, address.Hostname, ports, Reference(address.TargetRef));
        }
    }

    /// <summary>One endpoint per IP (dual-listed addresses would otherwise answer twice), ports merged.</summary>
    private static List<DnsEndpoint> Distinct(IEnumerable<DnsEndpoint> endpoints) =>
        endpoints.GroupBy(e => e.Ip, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First() with { Ports = g.SelectMany(e => e.Ports).Distinct().ToList() })
            .ToList();

    private static ObjectReference? Reference(V1ObjectReference? reference) =>
        reference is null ? null : new ObjectReference(reference.Kind, reference.NamespaceProperty, reference.Name);
}
