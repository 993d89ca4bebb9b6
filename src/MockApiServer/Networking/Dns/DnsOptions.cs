namespace MockApiServer.Networking.Dns;

/// <summary>The cluster DNS switches: where the server listens, the zone it serves, the TTL it answers with.</summary>
public sealed class DnsOptions
{
    public const string PortSwitch = "--dns-port";
    public const string ClusterDomainSwitch = "--cluster-domain";
    public const string TtlSwitch = "--dns-ttl";

    public static readonly Machinery.ServerOption PortOption = new("DnsPort", PortSwitch);
    public static readonly Machinery.ServerOption ClusterDomainOption = new("ClusterDomain", ClusterDomainSwitch);
    public static readonly Machinery.ServerOption TtlOption = new("DnsTtl", TtlSwitch);

    public static IReadOnlyList<Machinery.ServerOption> All { get; } = [PortOption, ClusterDomainOption, TtlOption];

    /// <summary>UDP and TCP port on 127.0.0.1; 0 disables the server (the resolver and DNSQuery still work).</summary>
    public int Port { get; set; } = 10053;

    /// <summary>The kubelet's --cluster-domain, without a trailing dot.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>kubeadm's Corefile sets ttl 30 (CoreDNS' own default is 5).</summary>
    public int Ttl { get; set; } = 30;

    /// <summary>The TTL CoreDNS gives the schema-version TXT record.</summary>
    public const int VersionTtl = 28800;

    /// <summary>Reads the keys that are set; the rest keep their defaults above. The domain's trailing dot is dropped.</summary>
    /// <exception cref="Machinery.OptionsException">The port or TTL is not a number in range.</exception>
    public void Bind(IConfiguration config)
    {
        Port = PortOption.Int(config, Port, max: 65535);
        ClusterDomain = ClusterDomainOption.String(config, ClusterDomain).TrimEnd('.');
        Ttl = TtlOption.Int(config, Ttl, max: 3600);
    }

    /// <summary>Checks the zone name; a bad one stops the server with a line naming the switch.</summary>
    public void Validate()
    {
        if (Machinery.Validation.NameValidation.IsDns1123Subdomain(ClusterDomain) is [var error, ..])
            throw new FormatException($"{ClusterDomainSwitch}: \"{ClusterDomain}\" {error}");
    }
}
