using System.Net;

namespace MockApiServer.Networking.Routing;

/// <summary>A node as kube-proxy sees it: its name, addresses (node ports listen on them) and pod CIDR.</summary>
public sealed record RouteNode(string Name, IReadOnlyList<string> Addresses, string? PodCidr)
{
    public bool OwnsPodIp(IPAddress ip) => PodCidr is not null && IPNetwork.TryParse(PodCidr, out var net) && net.Contains(ip);
}
