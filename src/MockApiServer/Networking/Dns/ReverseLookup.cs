using System.Net;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking.Dns;

/// <summary>
/// PTR records under in-addr.arpa and ip6.arpa: a service's ClusterIP names the service, a
/// headless service's endpoint IP names the endpoint (<c>host.svc.ns.svc.zone.</c>), and any
/// other pod IP names the pod's dashed A record.
/// </summary>
public sealed class ReverseLookup(ResourceRegistry registry, EndpointSource endpoints, DnsOptions options)
{
    public const string V4Suffix = "in-addr.arpa";
    public const string V6Suffix = "ip6.arpa";

    private readonly ResourceDefinition _services = registry.Get("", "services");
    private readonly ResourceDefinition _pods = registry.Get("", "pods");

    public static bool IsReverseName(string fqdn) =>
        fqdn is V4Suffix or V6Suffix || fqdn.EndsWith("." + V4Suffix, StringComparison.Ordinal) || fqdn.EndsWith("." + V6Suffix, StringComparison.Ordinal);

    /// <summary>The reverse name of an address: 10.244.1.5 → 5.1.244.10.in-addr.arpa.</summary>
    public static string ReverseName(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        if (bytes.Length == 4) return string.Join('.', bytes.Reverse()) + "." + V4Suffix;
        var nibbles = bytes.SelectMany(b => new[] { b >> 4, b & 0xF }).Reverse().Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return string.Join('.', nibbles) + "." + V6Suffix;
    }

    /// <summary>The address a full reverse name stands for; null for partial or malformed names.</summary>
    public static IPAddress? ParseReverseName(string fqdn)
    {
        if (fqdn.EndsWith("." + V4Suffix, StringComparison.Ordinal))
        {
            var octets = fqdn[..^(V4Suffix.Length + 1)].Split('.');
            if (octets.Length != 4 || octets.Any(o => !byte.TryParse(o, out _) || (o.Length > 1 && o[0] == '0'))) return null;
            return IPAddress.Parse(string.Join('.', octets.Reverse()));
        }
        if (fqdn.EndsWith("." + V6Suffix, StringComparison.Ordinal))
        {
            var nibbles = fqdn[..^(V6Suffix.Length + 1)].Split('.');
            if (nibbles.Length != 32 || nibbles.Any(n => n.Length != 1 || !Uri.IsHexDigit(n[0]))) return null;
            var hex = string.Concat(nibbles.Reverse());
            return new IPAddress(Convert.FromHexString(hex));
        }
        return null;
    }

    public DnsAnswer Resolve(CacheSnapshot snapshot, string fqdn, DnsRecordType type)
    {
        var zone = fqdn.EndsWith(V6Suffix, StringComparison.Ordinal) ? V6Suffix : V4Suffix;
        var soa = ClusterDnsResolver.Soa(snapshot, zone, options.Ttl);
        if (ParseReverseName(fqdn) is not { } ip || PtrTarget(snapshot, ip) is not { } target)
            return new DnsAnswer(DnsResponseCode.NxDomain, [], [], soa);
        if (type != DnsRecordType.PTR) return new DnsAnswer(DnsResponseCode.NoError, [], [], soa);
        return new DnsAnswer(DnsResponseCode.NoError, [new DnsRecord(fqdn + ".", DnsRecordType.PTR, options.Ttl, target)], [], null);
    }

    /// <summary>The name an address points back to, or null when nothing in the cluster has it.</summary>
    public string? PtrTarget(CacheSnapshot snapshot, IPAddress ip)
    {
        var services = snapshot.List(_services, null).Select(s => s.Object).OfType<V1Service>().ToList();
        foreach (var service in services)
        {
            var ips = service.Spec?.ClusterIPs ?? (service.Spec?.ClusterIP is { } one ? [one] : []);
            if (ips.Any(s => SameIp(s, ip))) return DnsNames.Service(options.ClusterDomain, service.Metadata.NamespaceProperty, service.Metadata.Name);
        }
        foreach (var service in services.Where(s => s.Spec is { } spec && ServiceTypes.IsHeadless(spec)))
        {
            var ns = service.Metadata.NamespaceProperty;
            var endpoint = endpoints.Ready(snapshot, ns, service.Metadata.Name).FirstOrDefault(e => SameIp(e.Ip, ip));
            if (endpoint is not null) return $"{endpoint.Label}.{DnsNames.Service(options.ClusterDomain, ns, service.Metadata.Name)}";
        }
        foreach (var pod in snapshot.List(_pods, null).Select(p => p.Object).OfType<V1Pod>())
        {
            var podIps = pod.Status?.PodIPs?.Select(p => p.Ip) ?? (pod.Status?.PodIP is { } one ? [one] : []);
            if (pod.Spec?.HostNetwork != true && podIps.Any(s => SameIp(s, ip)))
                return DnsNames.Pod(options.ClusterDomain, pod.Metadata.NamespaceProperty, ip.ToString());
        }
        return null;
    }

    private static bool SameIp(string? text, IPAddress ip) => text is not null && IPAddress.TryParse(text, out var parsed) && parsed.Equals(ip);
}
