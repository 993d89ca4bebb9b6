using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Networking.Dns;

/// <summary>
/// Cluster DNS over the store's current snapshot, as CoreDNS' kubernetes plugin with kubeadm's
/// Corefile answers it (<c>pods insecure</c>, <c>ttl</c> from the options): the zone's service,
/// endpoint, SRV, pod and schema-version records, PTR records under in-addr.arpa and ip6.arpa,
/// REFUSED for everything else. Lock-free and side-effect free: each call reads one snapshot.
/// </summary>
public sealed class ClusterDnsResolver
{
    public const string SchemaVersion = "1.1.0";

    private readonly ResourceStore _store;
    private readonly DnsOptions _options;
    private readonly ResourceDefinition _namespaces;
    private readonly ResourceDefinition _services;
    private readonly ReverseLookup _reverse;

    public ClusterDnsResolver(ResourceStore store, ResourceRegistry registry, DnsOptions options)
    {
        _store = store;
        _options = options;
        _namespaces = registry.Get("", "namespaces");
        _services = registry.Get("", "services");
        Endpoints = new EndpointSource(registry);
        _reverse = new ReverseLookup(registry, Endpoints, options);
    }

    /// <summary>The zone, without a trailing dot (cluster.local).</summary>
    public string ClusterDomain => _options.ClusterDomain;

    public EndpointSource Endpoints { get; }

    /// <summary>Answers one question for an absolute name (a trailing dot is optional; case is ignored).</summary>
    public DnsAnswer Resolve(string name, DnsRecordType type) => Resolve(_store.Snapshot, name, type);

    public DnsAnswer Resolve(CacheSnapshot snapshot, string name, DnsRecordType type)
    {
        var fqdn = Normalize(name);
        var zone = _options.ClusterDomain;
        if (fqdn == zone) return Apex(snapshot, type);
        if (fqdn.EndsWith("." + zone, StringComparison.Ordinal))
            return InZone(snapshot, fqdn[..^(zone.Length + 1)].Split('.'), type);
        if (ReverseLookup.IsReverseName(fqdn)) return _reverse.Resolve(snapshot, fqdn, type);
        return DnsAnswer.Refused;
    }

    /// <summary>
    /// Resolves a name the way a resolver with <paramref name="conf"/> (a pod's resolv.conf) does:
    /// search domains first when the name has fewer than ndots dots, the name as given otherwise,
    /// stopping at the first expansion with records.
    /// </summary>
    public DnsSearchResult Search(string name, DnsRecordType type, ResolvConf conf)
    {
        var snapshot = _store.Snapshot;
        var tried = new List<string>();
        DnsAnswer? noData = null, nxDomain = null;
        var last = DnsAnswer.Refused;
        foreach (var candidate in conf.Candidates(name))
        {
            tried.Add(candidate);
            last = Resolve(snapshot, candidate, type);
            if (last.Code == DnsResponseCode.NoError && last.Answers.Count > 0) return new DnsSearchResult(last, candidate, tried);
            if (last.IsNoData) noData ??= last;
            if (last.Code == DnsResponseCode.NxDomain) nxDomain ??= last;
        }
        // glibc's res_search: a name that existed without the type beats NXDOMAIN; and a pod's
        // upstream would answer NXDOMAIN where this server, having none, refuses.
        return new DnsSearchResult(noData ?? nxDomain ?? last, null, tried);
    }

    /// <summary>The resolv.conf the kubelet gives <paramref name="pod"/>.</summary>
    public ResolvConf ResolvConfFor(V1Pod pod) => ResolvConf.ForPod(pod, _options.ClusterDomain, Nameserver(_store.Snapshot));

    /// <summary>The resolv.conf of a ClusterFirst pod in <paramref name="ns"/>.</summary>
    public ResolvConf ResolvConfFor(string ns) => ResolvConf.ForNamespace(ns, _options.ClusterDomain, Nameserver(_store.Snapshot));

    /// <summary>The kubelet's --cluster-dns: the kube-dns Service's ClusterIP (kubeadm's 10.96.0.10 when it is missing).</summary>
    public string Nameserver() => Nameserver(_store.Snapshot);

    /// <inheritdoc cref="Nameserver()"/>
    public string Nameserver(CacheSnapshot snapshot) =>
        (snapshot.Get(_services, "kube-system", "kube-dns")?.Object as V1Service)?.Spec is { } spec && ServiceTypes.IsServiceIpSet(spec) ? spec.ClusterIP : "10.96.0.10";

    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>The absolute form of a service name: <c>svc.ns.svc.cluster.local.</c></summary>
    public string ServiceName(string ns, string service) => DnsNames.Service(_options.ClusterDomain, ns, service);

    private DnsAnswer Apex(CacheSnapshot snapshot, DnsRecordType type) =>
        type == DnsRecordType.SOA ? Answer([Soa(snapshot, _options.ClusterDomain, _options.Ttl)]) : NoData(snapshot);

    private DnsAnswer InZone(CacheSnapshot snapshot, string[] labels, DnsRecordType type) => labels switch
    {
        ["dns-version"] => type == DnsRecordType.TXT
            ? Answer([new DnsRecord($"dns-version.{_options.ClusterDomain}.", DnsRecordType.TXT, DnsOptions.VersionTtl, SchemaVersion)])
            : NoData(snapshot),
        [.. var rest, "svc"] => InServices(snapshot, rest, type),
        [.. var rest, "pod"] => InPods(snapshot, rest, type),
        _ => NxDomain(snapshot),
    };

    // Labels in name order, without "svc.<zone>": [ns], [svc, ns], [host, svc, ns], [_port, _proto, svc, ns].
    private DnsAnswer InServices(CacheSnapshot snapshot, string[] labels, DnsRecordType type) => labels switch
    {
        [] => NoData(snapshot),
        [var ns] => NamespaceExists(snapshot, ns) ? NoData(snapshot) : NxDomain(snapshot),
        [var svc, var ns] => ServiceRecords(snapshot, ns, svc, type),
        [var host, var svc, var ns] when !host.StartsWith('_') => EndpointRecords(snapshot, ns, svc, host, type),
        [['_', .. var port], ['_', .. var proto], var svc, var ns] => SrvRecords(snapshot, ns, svc, port, proto, type),
        _ => NxDomain(snapshot),
    };

    private DnsAnswer ServiceRecords(CacheSnapshot snapshot, string ns, string name, DnsRecordType type)
    {
        if (FindService(snapshot, ns, name) is not { Spec: { } spec }) return NxDomain(snapshot);
        var fqdn = ServiceName(ns, name);
        if (spec.Type == ServiceTypes.ExternalName)
        {
            if (type is not (DnsRecordType.A or DnsRecordType.AAAA or DnsRecordType.CNAME) || string.IsNullOrEmpty(spec.ExternalName)) return NoData(snapshot);
            return Answer([new DnsRecord(fqdn, DnsRecordType.CNAME, _options.Ttl, Normalize(spec.ExternalName) + ".")]);
        }
        if (ServiceTypes.IsHeadless(spec))
        {
            var endpoints = Endpoints.Ready(snapshot, ns, name);
            return endpoints.Count == 0 ? NxDomain(snapshot) : AddressAnswer(snapshot, fqdn, endpoints.Select(e => e.Ip), type);
        }
        return AddressAnswer(snapshot, fqdn, ClusterIps(spec), type);
    }

    private DnsAnswer EndpointRecords(CacheSnapshot snapshot, string ns, string name, string host, DnsRecordType type)
    {
        if (FindService(snapshot, ns, name) is not { Spec: { } spec } || !ServiceTypes.IsHeadless(spec)) return NxDomain(snapshot);
        var matches = Endpoints.Ready(snapshot, ns, name).Where(e => string.Equals(e.Label, host, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 0 ? NxDomain(snapshot) : AddressAnswer(snapshot, $"{host}.{ServiceName(ns, name)}", matches.Select(e => e.Ip), type);
    }

    private DnsAnswer SrvRecords(CacheSnapshot snapshot, string ns, string name, string port, string proto, DnsRecordType type)
    {
        if (FindService(snapshot, ns, name) is not { Spec: { } spec } || spec.Type == ServiceTypes.ExternalName) return NxDomain(snapshot);
        var owner = $"_{port}._{proto}.{ServiceName(ns, name)}";
        var targets = new List<(string Target, int Port, string Ip)>();
        if (ServiceTypes.IsHeadless(spec))
        {
            foreach (var endpoint in Endpoints.Ready(snapshot, ns, name))
            {
                foreach (var p in endpoint.Ports.Where(p => Matches(p.Name, p.Protocol, port, proto)))
                    targets.Add(($"{endpoint.Label}.{ServiceName(ns, name)}", p.Port, endpoint.Ip));
            }
        }
        else
        {
            foreach (var p in (spec.Ports ?? []).Where(p => Matches(p.Name, p.Protocol, port, proto)))
                targets.AddRange(ClusterIps(spec).Select(ip => (ServiceName(ns, name), p.Port, ip)).Take(1));
        }
        if (targets.Count == 0) return NxDomain(snapshot);
        if (type != DnsRecordType.SRV) return NoData(snapshot);
        var weight = (ushort)(100 / targets.Count);
        var answers = targets.Select(t => new DnsRecord(owner, DnsRecordType.SRV, _options.Ttl, t.Target, 0, weight, (ushort)t.Port)).ToList();
        var additional = targets.Select(t => AddressRecord(t.Target, t.Ip)).Distinct().ToList();
        return new DnsAnswer(DnsResponseCode.NoError, answers, additional, null);
    }

    private static bool Matches(string? name, string? protocol, string port, string proto) =>
        !string.IsNullOrEmpty(name) && string.Equals(name, port, StringComparison.OrdinalIgnoreCase)
        && string.Equals(protocol ?? "TCP", proto, StringComparison.OrdinalIgnoreCase);

    // Labels without "pod.<zone>": [ns] or [a-b-c-d, ns]. kubeadm's "pods insecure": any well-formed
    // dashed IP in an existing namespace answers, whether or not a pod has it.
    private DnsAnswer InPods(CacheSnapshot snapshot, string[] labels, DnsRecordType type) => labels switch
    {
        [] => NoData(snapshot),
        [var ns] => NamespaceExists(snapshot, ns) ? NoData(snapshot) : NxDomain(snapshot),
        [var dashed, var ns] when NamespaceExists(snapshot, ns) && DnsNames.ParseDashed(dashed) is { } ip =>
            AddressAnswer(snapshot, $"{dashed}.{ns}.pod.{_options.ClusterDomain}.", [ip.ToString()], type),
        _ => NxDomain(snapshot),
    };

    private DnsAnswer AddressAnswer(CacheSnapshot snapshot, string name, IEnumerable<string> ips, DnsRecordType type)
    {
        var records = ips.Select(ip => AddressRecord(name, ip)).Where(r => r.Type == type).Distinct().ToList();
        return records.Count == 0 ? NoData(snapshot) : Answer(records);
    }

    private DnsRecord AddressRecord(string name, string ip) =>
        new(name, IPAddress.TryParse(ip, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A, _options.Ttl, ip);

    private static IEnumerable<string> ClusterIps(V1ServiceSpec spec) =>
        spec.ClusterIPs is { Count: > 0 } ips ? ips : string.IsNullOrEmpty(spec.ClusterIP) ? [] : [spec.ClusterIP];

    private V1Service? FindService(CacheSnapshot snapshot, string ns, string name) =>
        NamespaceExists(snapshot, ns) ? snapshot.Get(_services, ns, name)?.Object as V1Service : null;

    private bool NamespaceExists(CacheSnapshot snapshot, string ns) => snapshot.Get(_namespaces, "", ns) is not null;

    private static DnsAnswer Answer(IReadOnlyList<DnsRecord> records) => new(DnsResponseCode.NoError, records, [], null);

    private DnsAnswer NoData(CacheSnapshot snapshot) => new(DnsResponseCode.NoError, [], [], Soa(snapshot, _options.ClusterDomain, _options.Ttl));

    private DnsAnswer NxDomain(CacheSnapshot snapshot) => new(DnsResponseCode.NxDomain, [], [], Soa(snapshot, _options.ClusterDomain, _options.Ttl));

    /// <summary>CoreDNS' SOA for a zone it serves; the serial follows the store's revision.</summary>
    public static DnsRecord Soa(CacheSnapshot snapshot, string zone, int ttl) =>
        new($"{zone}.", DnsRecordType.SOA, ttl, $"ns.dns.{zone}. hostmaster.{zone}. {(uint)snapshot.Revision} 7200 1800 86400 {ttl}");
}
