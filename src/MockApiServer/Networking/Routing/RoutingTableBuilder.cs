using System.Collections.Frozen;
using System.Net;
using k8s.Models;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// Builds a <see cref="RoutingTable"/> from plain Services, EndpointSlices and Nodes the way
/// kube-proxy's change trackers do (pkg/proxy/serviceport.go, endpointslicecache.go): headless
/// and ExternalName services are skipped; each service port gets the endpoints of the slices
/// labelled with the service's name whose port has the same name and protocol.
/// </summary>
public static class RoutingTableBuilder
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    private const int DefaultAffinitySeconds = 10800;

    /// <summary>
    /// Builds the table. With <paramref name="previous"/>, a service whose object and slices have
    /// the same uids and resourceVersions as then keeps its service ports (and their lazily hashed
    /// chain names), so a rebuild after one change re-derives only that service.
    /// <paramref name="clusterCidr"/> is the pod network (--cluster-cidr): sources in it are pods.
    /// </summary>
    public static RoutingTable Build(IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices, IEnumerable<V1Node> nodes,
        string clusterCidr, long revision = 0, RoutingTable? previous = null)
    {
        var slicesByService = slices
            .Where(s => s.Metadata?.Labels?.TryGetValue(ServiceNameLabel, out _) == true)
            .ToLookup(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Labels[ServiceNameLabel]}", StringComparer.Ordinal);
        var routes = new List<ServicePortRoute>();
        var notProxied = new Dictionary<string, string>(StringComparer.Ordinal);
        var built = new Dictionary<string, RoutingTable.ServiceRoutes>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var key = $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
            if (NotProxiedReason(service) is { } reason)
            {
                notProxied[key] = reason;
                continue;
            }
            var serviceSlices = slicesByService[key].ToList();
            var fingerprint = Fingerprint(service, serviceSlices);
            var entry = fingerprint is not null && previous?.Built(key) is { } old && old.Fingerprint == fingerprint
                ? old
                : new RoutingTable.ServiceRoutes(fingerprint, RoutesOf(service, serviceSlices).ToArray());
            built[key] = entry;
            routes.AddRange(entry.Routes);
        }
        routes.Sort(static (a, b) => CompareRoutes(a, b));
        var routeNodes = nodes.Select(ToRouteNode).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        return new RoutingTable(revision, routes, routeNodes, notProxied.ToFrozenDictionary(StringComparer.Ordinal), clusterCidr, built);
    }

    private static int CompareRoutes(ServicePortRoute a, ServicePortRoute b)
    {
        var c = string.CompareOrdinal(a.Name.Namespace, b.Name.Namespace);
        if (c == 0) c = string.CompareOrdinal(a.Name.Name, b.Name.Name);
        if (c == 0) c = string.CompareOrdinal(a.Name.Port, b.Name.Port);
        return c != 0 ? c : string.CompareOrdinal(a.Protocol, b.Protocol);
    }

    /// <summary>The uids and resourceVersions a service's routes derive from; null when any is missing (objects not from the store).</summary>
    private static string? Fingerprint(V1Service service, IReadOnlyList<V1EndpointSlice> slices)
    {
        if (string.IsNullOrEmpty(service.Metadata.ResourceVersion)) return null;
        var text = new System.Text.StringBuilder(service.Metadata.Uid).Append(':').Append(service.Metadata.ResourceVersion);
        foreach (var slice in slices)
        {
            if (string.IsNullOrEmpty(slice.Metadata.ResourceVersion)) return null;
            text.Append('|').Append(slice.Metadata.Uid).Append(':').Append(slice.Metadata.ResourceVersion);
        }
        return text.ToString();
    }

    /// <summary>Why kube-proxy ignores a service (ShouldSkipService), or null when it proxies it.</summary>
    public static string? NotProxiedReason(V1Service service)
    {
        var spec = service.Spec;
        if (spec?.Type == "ExternalName") return "ExternalName";
        if (string.IsNullOrEmpty(spec?.ClusterIP)) return "NoClusterIP";
        return ServiceTypes.IsHeadless(spec) ? "Headless" : null;
    }

    private static IEnumerable<ServicePortRoute> RoutesOf(V1Service service, IReadOnlyList<V1EndpointSlice> slices)
    {
        var spec = service.Spec;
        var clusterIp = Normalise(spec.ClusterIP);
        if (clusterIp is null) yield break;
        var externalIps = (spec.ExternalIPs ?? []).Select(Normalise).OfType<string>().Distinct().ToList();
        var lbIps = spec.Type == "LoadBalancer"
            ? (service.Status?.LoadBalancer?.Ingress ?? []).Where(i => i.IpMode is null or "VIP").Select(i => Normalise(i.Ip)).OfType<string>().Distinct().ToList()
            : [];
        var affinity = spec.SessionAffinity == "ClientIP" ? spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? DefaultAffinitySeconds : (int?)null;
        foreach (var port in spec.Ports ?? [])
        {
            var name = new ServicePortName(service.Metadata.NamespaceProperty ?? "", service.Metadata.Name, port.Name ?? "");
            var protocol = port.Protocol ?? "TCP";
            var nodePort = spec.Type is "NodePort" or "LoadBalancer" ? port.NodePort ?? 0 : 0;
            var externallyReachable = nodePort != 0 || externalIps.Count > 0 || lbIps.Count > 0;
            yield return new ServicePortRoute
            {
                Name = name,
                Protocol = protocol,
                ClusterIp = clusterIp,
                Port = port.Port,
                NodePort = nodePort,
                ExternalIps = externalIps,
                LoadBalancerIps = lbIps,
                LoadBalancerSourceRanges = spec.LoadBalancerSourceRanges?.ToList() ?? [],
                AffinitySeconds = affinity,
                ExternalPolicyLocal = externallyReachable && spec.ExternalTrafficPolicy == "Local",
                InternalPolicyLocal = spec.InternalTrafficPolicy == "Local",
                HealthCheckNodePort = spec.HealthCheckNodePort ?? 0,
                Endpoints = EndpointsOf(name, protocol, slices),
            };
        }
    }

    /// <summary>One entry per address (the first slice wins), ordered by "IP:port" as kube-proxy's maps iterate.</summary>
    private static IReadOnlyList<ProxyEndpoint> EndpointsOf(ServicePortName name, string protocol, IReadOnlyList<V1EndpointSlice> slices)
    {
        var byAddress = new Dictionary<string, ProxyEndpoint>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            if (slice.AddressType is "FQDN") continue;
            var port = slice.Ports?.FirstOrDefault(p => (p.Name ?? "") == name.Port && (p.Protocol ?? "TCP") == protocol);
            if (port?.Port is not { } number) continue;
            foreach (var e in slice.Endpoints ?? [])
            {
                if (e.Addresses is not { Count: > 0 } || Normalise(e.Addresses[0]) is not { } ip) continue;
                var ready = e.Conditions?.Ready ?? true;
                var endpoint = new ProxyEndpoint(name, protocol, ip, number, ready, e.Conditions?.Serving ?? ready, e.Conditions?.Terminating ?? false,
                    e.NodeName, e.TargetRef is { Kind: null or "Pod" } pod ? pod.NamespaceProperty ?? slice.Metadata.NamespaceProperty : null,
                    e.TargetRef is { Kind: null or "Pod" } ? e.TargetRef.Name : null);
                byAddress.TryAdd(endpoint.Address, endpoint);
            }
        }
        return byAddress.Values.OrderBy(e => e.Address, StringComparer.Ordinal).ToList();
    }

    private static RouteNode ToRouteNode(V1Node node)
    {
        var addresses = (node.Status?.Addresses ?? [])
            .Where(a => a.Type is "InternalIP" or "ExternalIP")
            .Select(a => Normalise(a.Address)).OfType<string>().Distinct().ToList();
        return new RouteNode(node.Metadata.Name, addresses, node.Spec?.PodCIDR);
    }

    /// <summary>The canonical text of an IP (what lookups use), or null when it is not one.</summary>
    public static string? Normalise(string? ip) => IPAddress.TryParse(ip, out var parsed) ? parsed.ToString() : null;
}
