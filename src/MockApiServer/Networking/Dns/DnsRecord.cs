namespace MockApiServer.Networking.Dns;

/// <summary>Record types by their wire numbers; any other number is a type the cluster zone never holds.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
}

/// <summary>The response codes cluster DNS gives (RFC 1035 numbers).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    NxDomain = 3,
    Refused = 5,
}

/// <summary>
/// One resource record. Names are absolute with a trailing dot; <see cref="Target"/> is the IP
/// (A/AAAA), the name pointed to (CNAME, PTR, SRV), or the text (TXT).
/// </summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, int Ttl, string Target, ushort Priority = 0, ushort Weight = 0, ushort Port = 0)
{
    /// <summary>The record data as dig prints it: <c>10.96.0.10</c>, <c>0 100 6379 redis.ns.svc.cluster.local.</c>, <c>"1.1.0"</c>.</summary>
    public string Data => Type switch
    {
        DnsRecordType.SRV => $"{Priority} {Weight} {Port} {Target}",
        DnsRecordType.TXT => $"\"{Target}\"",
        _ => Target,
    };

    public override string ToString() => $"{Name}\t{Ttl}\tIN\t{Type}\t{Data}";
}

/// <summary>
/// What the cluster's DNS server answers for one question: the code, the answer records, the
/// additional records (A records of SRV targets) and, for NXDOMAIN and NODATA, the zone's SOA.
/// </summary>
public sealed record DnsAnswer(DnsResponseCode Code, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Additional, DnsRecord? Soa)
{
    /// <summary>True when the name is inside a zone this server is authoritative for.</summary>
    public bool Authoritative => Code != DnsResponseCode.Refused;

    /// <summary>NOERROR with no answer records: the name exists, the type does not.</summary>
    public bool IsNoData => Code == DnsResponseCode.NoError && Answers.Count == 0;

    public static readonly DnsAnswer Refused = new(DnsResponseCode.Refused, [], [], null);
}
