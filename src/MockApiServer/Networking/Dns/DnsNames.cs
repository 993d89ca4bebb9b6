using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Networking.Dns;

/// <summary>The absolute names the Kubernetes DNS specification gives cluster objects.</summary>
public static class DnsNames
{
    /// <summary><c>svc.ns.svc.cluster.local.</c></summary>
    public static string Service(string zone, string ns, string name) => $"{name}.{ns}.svc.{zone}.";

    /// <summary>An IP as one label: 10.244.1.5 → 10-244-1-5 (pod records, unnamed endpoints).</summary>
    public static string Dashed(string ip) => ip.Replace('.', '-').Replace(':', '-');

    /// <summary><c>10-244-1-5.ns.pod.cluster.local.</c></summary>
    public static string Pod(string zone, string ns, string ip) => $"{Dashed(ip)}.{ns}.pod.{zone}.";

    /// <summary>The inverse of <see cref="Dashed"/>: 1-2-3-4 → 1.2.3.4, IPv6 with dashes for colons; null when not an IP.</summary>
    public static IPAddress? ParseDashed(string label)
    {
        var dotted = label.Count(c => c == '-') == 3 ? label.Replace('-', '.') : label.Replace('-', ':');
        return IPAddress.TryParse(dotted, out var ip) && (ip.AddressFamily == AddressFamily.InterNetworkV6 || dotted.Split('.').Length == 4) ? ip : null;
    }
}
