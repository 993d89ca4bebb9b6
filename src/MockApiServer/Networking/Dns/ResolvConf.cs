using k8s.Models;

namespace MockApiServer.Networking.Dns;

/// <summary>
/// A pod's /etc/resolv.conf as the kubelet writes it (pkg/kubelet/network/dns): for dnsPolicy
/// ClusterFirst the search list <c>ns.svc.zone svc.zone zone</c> and <c>ndots:5</c>, then
/// whatever spec.dnsConfig adds. The node has no search domains of its own here. The one model of
/// the file: the in-pod resolver searches with it and <c>cat /etc/resolv.conf</c> prints it.
/// </summary>
public sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    /// <summary>glibc's ndots when the file sets none.</summary>
    private const int DefaultNdots = 1;

    /// <summary>No search list: every name is taken as absolute (a query straight to the server).</summary>
    public static readonly ResolvConf Absolute = new([], [], ["ndots:0"]);

    /// <summary>How many dots make a name absolute before the search list is tried (options ndots:N, at most 15).</summary>
    public int Ndots => Options.LastOrDefault(o => o.StartsWith("ndots:", StringComparison.Ordinal)) is { } option
        && int.TryParse(option["ndots:".Length..], out var ndots) ? Math.Clamp(ndots, 0, 15) : DefaultNdots;

    /// <summary>A ClusterFirst pod in <paramref name="ns"/>.</summary>
    public static ResolvConf ForNamespace(string ns, string zone, string nameserver) =>
        new([nameserver], [$"{ns}.svc.{zone}", $"svc.{zone}", zone], ["ndots:5"]);

    public static ResolvConf ForPod(V1Pod pod, string zone, string nameserver)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var policy = spec.DnsPolicy ?? "ClusterFirst";
        if (policy == "ClusterFirst" && spec.HostNetwork == true) policy = "Default";
        var conf = policy switch
        {
            "ClusterFirst" or "ClusterFirstWithHostNet" => ForNamespace(pod.Metadata.NamespaceProperty ?? "default", zone, nameserver),
            "None" => new ResolvConf([], [], []),
            _ => new ResolvConf([nameserver], [], []),
        };
        return conf.With(spec.DnsConfig);
    }

    private ResolvConf With(V1PodDNSConfig? config)
    {
        if (config is null) return this;
        // An option of dnsConfig replaces the one of the same name (the kubelet's mergeDNSOptions).
        var options = Options.ToList();
        foreach (var o in config.Options ?? [])
        {
            options.RemoveAll(existing => existing.Split(':')[0] == o.Name);
            options.Add(o.Value is null ? o.Name : $"{o.Name}:{o.Value}");
        }
        return new ResolvConf(
            [.. Nameservers.Concat(config.Nameservers ?? []).Distinct()],
            [.. Searches.Concat(config.Searches ?? []).Select(s => s.TrimEnd('.')).Distinct()],
            options);
    }

    /// <summary>
    /// The absolute names a stub resolver tries, in order (glibc res_search): a trailing dot means
    /// only the name itself; fewer than ndots dots tries the search list first.
    /// </summary>
    public IEnumerable<string> Candidates(string name)
    {
        var trimmed = name.TrimEnd('.');
        if (name.EndsWith('.')) return [trimmed + "."];
        var searched = Searches.Select(s => $"{trimmed}.{s}.");
        return trimmed.Count(c => c == '.') >= Ndots ? [trimmed + ".", .. searched] : [.. searched, trimmed + "."];
    }

    /// <summary>The file's text as the kubelet writes it: search, nameservers, options.</summary>
    public string Render()
    {
        var lines = new List<string>();
        if (Searches.Count > 0) lines.Add("search " + string.Join(' ', Searches));
        lines.AddRange(Nameservers.Select(n => $"nameserver {n}"));
        if (Options.Count > 0) lines.Add("options " + string.Join(' ', Options));
        return string.Concat(lines.Select(l => l + "\n"));
    }
}

/// <summary>What a search-path lookup found: the answer, the expansion that answered (null when none did), and every name tried.</summary>
public sealed record DnsSearchResult(DnsAnswer Answer, string? Expansion, IReadOnlyList<string> Tried);
