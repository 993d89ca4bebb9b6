using System.Collections.Frozen;
using System.Net;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// The rules every node's kube-proxy would program, as one immutable snapshot: each frontend
/// (clusterIP, externalIP, load-balancer IP, and nodeIP:nodePort per node) → its service port →
/// its endpoints. Built by <see cref="RoutingTableBuilder"/>; never mutated, so any number of
/// readers use it while the next one is built.
/// </summary>
public sealed class RoutingTable
{
    /// <summary>No services and no nodes yet, on the pod network <paramref name="clusterCidr"/> (--cluster-cidr).</summary>
    public static RoutingTable Empty(string clusterCidr) => new(0, [], [], FrozenDictionary<string, string>.Empty, clusterCidr, []);

    /// <summary>One service's ports, with the fingerprint of the objects they were built from (for reuse by the next build).</summary>
    internal sealed record ServiceRoutes(string? Fingerprint, ServicePortRoute[] Routes);

    private readonly Dictionary<string, ServiceRoutes> _built;

    // Plain dictionaries, never written after construction: frozen ones read a little faster
    // but cost far more to build, and a rebuild is on the write path.
    private readonly Dictionary<FrontendKey, Frontend> _frontends;
    private readonly Dictionary<string, string> _addressOwners;
    private readonly Dictionary<string, RouteNode> _nodesByName;
    private readonly Dictionary<string, RouteNode> _nodesByAddress;

    internal RoutingTable(long revision, IReadOnlyList<ServicePortRoute> routes, IReadOnlyList<RouteNode> nodes,
        FrozenDictionary<string, string> notProxied, string clusterCidr, Dictionary<string, ServiceRoutes> built)
    {
        _built = built;
        Revision = revision;
        Routes = routes;
        Nodes = nodes;
        NotProxied = notProxied;
        ClusterCidr = IPNetwork.Parse(clusterCidr);
        var frontends = _frontends = new Dictionary<FrontendKey, Frontend>(routes.Count * (1 + nodes.Count));
        var owners = _addressOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in routes.SelectMany(r => FrontendsOf(r, nodes)))
        {
            frontends.TryAdd(new FrontendKey(f.Ip, f.Port, f.Protocol), f);
            if (f.Kind != FrontendKind.NodePort) owners.TryAdd(f.Ip, f.Route.Name.Service);
        }
        _nodesByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        _nodesByAddress = nodes.SelectMany(n => n.Addresses.Select(a => (a, n))).DistinctBy(p => p.a).ToDictionary(p => p.a, p => p.n, StringComparer.Ordinal);
    }

    /// <summary>The store revision the table was built from.</summary>
    public long Revision { get; }

    /// <summary>Every proxied service port, ordered by service port name and protocol.</summary>
    public IReadOnlyList<ServicePortRoute> Routes { get; }

    /// <summary>Nodes by name.</summary>
    public IReadOnlyList<RouteNode> Nodes { get; }

    /// <summary>Services kube-proxy ignores, "namespace/name" → why (headless, ExternalName).</summary>
    public FrozenDictionary<string, string> NotProxied { get; }

    /// <summary>The pod network (kube-proxy's --cluster-cidr), which decides masquerading and "pod traffic".</summary>
    public IPNetwork ClusterCidr { get; }

    public int FrontendCount => _frontends.Count;

    /// <summary>The frontend capturing ip:port/protocol, or null. <paramref name="ip"/> must be normalised (IPAddress.ToString()).</summary>
    public Frontend? Find(string ip, int port, string protocol) => _frontends.GetValueOrDefault(new FrontendKey(ip, port, protocol));

    /// <summary>The "namespace/name" of the service owning a clusterIP, externalIP or LB IP, on any port.</summary>
    public string? AddressOwner(string ip) => _addressOwners.GetValueOrDefault(ip);

    public RouteNode? Node(string name) => _nodesByName.GetValueOrDefault(name);

    public RouteNode? NodeByAddress(string ip) => _nodesByAddress.GetValueOrDefault(ip);

    public IReadOnlyList<ServicePortRoute> RoutesOf(string ns, string name) => _built.GetValueOrDefault($"{ns}/{name}")?.Routes ?? [];

    internal ServiceRoutes? Built(string serviceKey) => _built.GetValueOrDefault(serviceKey);

    /// <summary>The node a source address lives on: a node's own address, or a pod IP in its pod CIDR.</summary>
    public RouteNode? NodeOfSource(IPAddress ip) => NodeByAddress(ip.ToString()) ?? Nodes.FirstOrDefault(n => n.OwnsPodIp(ip));

    private static IEnumerable<Frontend> FrontendsOf(ServicePortRoute r, IReadOnlyList<RouteNode> nodes)
    {
        yield return new Frontend(FrontendKind.ClusterIP, r.ClusterIp, r.Port, r.Protocol, r);
        foreach (var ip in r.ExternalIps) yield return new Frontend(FrontendKind.ExternalIP, ip, r.Port, r.Protocol, r);
        foreach (var ip in r.LoadBalancerIps) yield return new Frontend(FrontendKind.LoadBalancer, ip, r.Port, r.Protocol, r);
        if (r.NodePort == 0) yield break;
        foreach (var node in nodes)
        {
            foreach (var address in node.Addresses) yield return new Frontend(FrontendKind.NodePort, address, r.NodePort, r.Protocol, r, node.Name);
        }
    }
}
