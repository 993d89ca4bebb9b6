using MockApiServer.Networking.Dns;

namespace MockApiServer.Runtime.Commands;

/// <summary>Name resolution as a process inside the pod does it: the pod's resolv.conf search path, then cluster DNS.</summary>
public sealed class PodDnsLookup(ClusterDnsResolver resolver)
{
    /// <summary>The search result for <paramref name="name"/>; an IP literal answers itself.</summary>
    public DnsSearchResult Lookup(ExecContext ctx, string name, DnsRecordType type = DnsRecordType.A) =>
        resolver.Search(name, type, ctx.ResolvConf);

    /// <summary>The pod's first nameserver (the kube-dns ClusterIP), as nslookup prints it; the kubelet's --cluster-dns when the pod has none.</summary>
    public string Nameserver(ExecContext ctx) => ctx.ResolvConf.Nameservers.FirstOrDefault() ?? resolver.Nameserver();

    /// <summary>The first IPv4 address a name resolves to (following CNAMEs inside the cluster), or null.</summary>
    public (string? Ip, string? CanonicalName) FirstAddress(ExecContext ctx, string name)
    {
        if (System.Net.IPAddress.TryParse(name, out var literal)) return (literal.ToString(), null);
        var result = Lookup(ctx, name);
        var a = result.Answer.Answers.FirstOrDefault(r => r.Type == DnsRecordType.A);
        return (a?.Target, a?.Name.TrimEnd('.'));
    }
}
