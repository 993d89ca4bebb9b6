using k8s.Models;

namespace MockApiServer.Networking;

/// <summary>
/// MetalLB's allocator over one address pool, with the pool's state taken from the Services'
/// own status (an address is in use while a served Service's ingress lists it), so nothing has
/// to be released: a deleted Service, or one that stopped being a LoadBalancer, frees its address
/// by no longer showing it. Addresses are shared only between Services with the same
/// allow-shared-ip key, the same backends and no common port, as MetalLB allows.
/// </summary>
public sealed class LoadBalancerIpPool(LoadBalancerIpRange range, string? servedClass)
{
    public const string LoadBalancerIpsAnnotation = "metallb.io/loadBalancerIPs";
    public const string DeprecatedLoadBalancerIpsAnnotation = "metallb.universe.tf/loadBalancerIPs";
    public const string AllowSharedIpAnnotation = "metallb.io/allow-shared-ip";
    public const string DeprecatedAllowSharedIpAnnotation = "metallb.universe.tf/allow-shared-ip";

    public LoadBalancerIpRange Range => range;

    /// <summary>A LoadBalancer with no class, or with the class this server was told to serve.</summary>
    public bool Serves(V1Service service) =>
        service.Spec?.Type == ServiceTypes.LoadBalancer && (service.Spec.LoadBalancerClass is null || service.Spec.LoadBalancerClass == servedClass);

    /// <summary>The ingress IPs a Service's status shows.</summary>
    public static IReadOnlyList<string> IngressIps(V1Service service) =>
        (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(ip => !string.IsNullOrEmpty(ip)).ToList();

    /// <summary>
    /// convergeBalancer for a served Service: keeps a current address that is still allowed and
    /// still what the user asks for, else takes the requested one, else the first free one.
    /// <paramref name="others"/> are all other Services; only served ones count as holders.
    /// </summary>
    public LoadBalancerDecision Decide(V1Service service, IEnumerable<V1Service> others)
    {
        var key = Key(service);
        var claim = Claim.Of(service);
        var holders = Holders(others);
        var current = IngressIps(service).ToList();
        string? cleared = null;
        if (current.Count > 0)
        {
            if (current.Select(ip => CanAssign(key, ip, claim, holders)).FirstOrDefault(e => e is not null) is { } error)
            {
                cleared = $"current IP for \"{key}\" not allowed by config, will attempt for new IP assignment: {error}";
                current = [];
            }
            else if (Desired(service, out _) is { Count: > 0 } wanted && !wanted.Order().SequenceEqual(current.Order()))
            {
                current = [];
            }
        }
        if (current.Count > 0) return new LoadBalancerDecision(current, Allocated: false, Error: null, cleared);
        var (ips, failure) = Allocate(service, key, claim, holders);
        return ips is null
            ? new LoadBalancerDecision([], Allocated: false, $"Failed to allocate IP for \"{key}\": {failure}", cleared)
            : new LoadBalancerDecision(ips, Allocated: true, null, cleared);
    }

    /// <summary>Go's %q of a []string or []net.IP: ["a" "b"].</summary>
    public static string Quote(IEnumerable<string> values) => $"[{string.Join(" ", values.Select(v => $"\"{v}\""))}]";

    private (IReadOnlyList<string>? Ips, string? Error) Allocate(V1Service service, string key, Claim claim, Dictionary<string, List<Claim>> holders)
    {
        var requested = Desired(service, out var invalid);
        if (invalid is not null) return (null, invalid);
        if (requested.Count > 0)
        {
            if (requested.Count == 2 && (ServiceCidr.ToValue(requested[0]) is null) == (ServiceCidr.ToValue(requested[1]) is null))
                return (null, $"IPFamilyForAddresses: same address family {Quote(requested)}");
            if (requested.Count > 2) return (null, $"IPFamilyForAddresses: invalid ips length {requested.Count} {Quote(requested)}");
            if (requested.Any(ip => ServiceCidr.ToValue(ip) is null))
                return (null, $"requested loadBalancer IP(s) {Quote(requested)} does not match the ipFamily of the service");
            return requested.Select(ip => CanAssign(key, ip, claim, holders)).FirstOrDefault(e => e is not null) is { } error
                ? (null, error)
                : (requested, null);
        }
        foreach (var value in range.Addresses())
        {
            var ip = ServiceCidr.ToAddress(value).ToString();
            if (CanAssign(key, ip, claim, holders) is null) return ([ip], null);
        }
        return (null, "no available IPs");
    }

    /// <summary>Allocator.Assign's checks: in the pool, and either unused or shareable.</summary>
    private string? CanAssign(string key, string ip, Claim claim, Dictionary<string, List<Claim>> holders)
    {
        if (!range.Contains(ip)) return $"\"{ip}\" is not allowed in config";
        if (!holders.TryGetValue(ip, out var users)) return null;
        var others = users.Where(u => u.Key != key).ToList();
        if (others.Count == 0) return null;
        var existing = others[0];
        if (existing.Sharing == "" || claim.Sharing == "" || existing.Sharing != claim.Sharing || existing.Backend != claim.Backend)
            return $"can't change sharing key for \"{key}\", address also in use by {string.Join(",", others.Select(o => o.Key).Order(StringComparer.Ordinal))}";
        foreach (var port in claim.Ports)
        {
            if (others.Any(o => o.Ports.Contains(port))) return $"port {port} is already in use on \"{ip}\"";
        }
        return null;
    }

    private Dictionary<string, List<Claim>> Holders(IEnumerable<V1Service> others)
    {
        var holders = new Dictionary<string, List<Claim>>(StringComparer.Ordinal);
        foreach (var other in others.Where(Serves))
        {
            foreach (var ip in IngressIps(other))
            {
                if (!holders.TryGetValue(ip, out var list)) holders[ip] = list = [];
                list.Add(Claim.Of(other));
            }
        }
        return holders;
    }

    /// <summary>getDesiredLbIPs: the annotation's comma list, or spec.loadBalancerIP, not both.</summary>
    private static List<string> Desired(V1Service service, out string? error)
    {
        error = null;
        var annotation = Annotation(service, LoadBalancerIpsAnnotation, DeprecatedLoadBalancerIpsAnnotation);
        var specIp = service.Spec?.LoadBalancerIP ?? "";
        if (annotation == "" && specIp == "") return [];
        if (annotation != "" && specIp != "")
        {
            error = $"service can not have both {LoadBalancerIpsAnnotation} and svc.Spec.LoadBalancerIP";
            return [];
        }
        var texts = annotation != "" ? annotation.Split(',').Select(t => t.Trim()).ToList() : [specIp];
        var ips = new List<string>();
        foreach (var text in texts)
        {
            if (!System.Net.IPAddress.TryParse(text, out var ip) || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
            {
                error = annotation != "" ? $"invalid {LoadBalancerIpsAnnotation}: \"{annotation}\"" : $"invalid spec.loadBalancerIP \"{specIp}\"";
                return [];
            }
            ips.Add(ip.ToString());
        }
        return ips;
    }

    private static string Annotation(V1Service service, string stable, string deprecated)
    {
        var annotations = service.Metadata.Annotations;
        if (annotations is null) return "";
        if (annotations.TryGetValue(stable, out var value)) return value ?? "";
        return annotations.TryGetValue(deprecated, out value) ? value ?? "" : "";
    }

    private static string Key(V1Service service) => $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";

    /// <summary>What a Service asks of an address: its sharing key, backend key and ports ("TCP/80").</summary>
    private sealed record Claim(string Key, string Sharing, string Backend, IReadOnlySet<string> Ports)
    {
        public static Claim Of(V1Service service)
        {
            var spec = service.Spec ?? new V1ServiceSpec();
            // k8salloc.BackendKey: Local traffic policy pins the address to the selected pods' nodes.
            var backend = spec.ExternalTrafficPolicy == "Local"
                ? string.Join(",", (spec.Selector ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))
                : "";
            var ports = (spec.Ports ?? []).Select(p => $"{p.Protocol ?? "TCP"}/{p.Port}").ToHashSet(StringComparer.Ordinal);
            return new Claim(LoadBalancerIpPool.Key(service), Annotation(service, AllowSharedIpAnnotation, DeprecatedAllowSharedIpAnnotation), backend, ports);
        }
    }
}

/// <summary>
/// The addresses a served Service should show; <see cref="Allocated"/> when they were newly taken,
/// <see cref="Error"/> when none could be, <see cref="Cleared"/> when a current one was dropped.
/// </summary>
public sealed record LoadBalancerDecision(IReadOnlyList<string> Ips, bool Allocated, string? Error, string? Cleared);
