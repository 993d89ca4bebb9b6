using k8s.Models;

namespace MockApiServer.Networking.Dns;

/// <summary>
/// A pod's /etc/resolv.conf as the kubelet writes it (pkg/kubelet/network/dns): for dnsPolicy
/// ClusterFirst the search list <c>ns.svc.zone svc.zone zone</c> and <c>ndots:5</c>, then
/// whatever spec.dnsConfig adds. The node has no search domains of its own here.
/// </summary>
public sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, int Ndots)
{
    public const int ClusterNdots = 5;

    /// <summary>No search list: every name is taken as absolute (a query straight to the server).</summary>
    public static readonly ResolvConf Absolute = new([], [], 0);

    /// <summary>A ClusterFirst pod in <paramref name="ns"/>.</summary>
    public static ResolvConf ForNamespace(string ns, string zone, string nameserver) =>
        new([nameserver], [$"{ns}.svc.{zone}", $"svc.{zone}", zone], ClusterNdots);

    public static ResolvConf ForPod(V1Pod pod, string zone, string nameserver)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var policy = spec.DnsPolicy ?? "ClusterFirst";
        if (policy == "ClusterFirst" && spec.HostNetwork == true) policy = "Default";
        var conf = policy switch
        {
            "ClusterFirst" or "ClusterFirstWithHostNet" => ForNamespace(pod.Metadata.NamespaceProperty ?? "default", zone, nameserver),
            "None" => new ResolvConf([], [], 1),
            _ => new ResolvConf([nameserver], [], 1),
        };
        return conf.With(spec.DnsConfig);
    }

    private ResolvConf With(V1PodDNSConfig? config)
    {
        if (config is null) return this;
        var ndotsText = config.Options?.LastOrDefault(o => o.Name == "ndots")?.Value;
        return new ResolvConf(
            [.. Nameservers.Concat(config.Nameservers ?? []).Distinct()],
            [.. Searches.Concat(config.Searches ?? []).Select(s => s.TrimEnd('.')).Distinct()],
            int.TryParse(ndotsText, out var ndots) ? Math.Clamp(ndots, 0, 15) : Ndots);
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

    /// <summary>The file's text, for commands that print it.</summary>
    public string Render()
    {
        var lines = Nameservers.Select(n => $"nameserver {n}").ToList();
        if (Searches.Count > 0) lines.Add("search " + string.Join(' ', Searches));
        lines.Add($"options ndots:{Ndots}");
        return string.Join('\n', lines) + "\n";
    }
}

/// <summary>What a search-path lookup found: the answer, the expansion that answered (null when none did), and every name tried.</summary>
public sealed record DnsSearchResult(DnsAnswer Answer, string? Expansion, IReadOnlyList<string> Tried);
