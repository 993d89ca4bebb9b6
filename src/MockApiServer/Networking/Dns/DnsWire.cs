using System.Globalization;
using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace MockApiServer.Networking.Dns;

/// <summary>Our records as ARSoft's wire records.</summary>
public static class DnsWire
{
    public static DnsRecordBase ToRecord(DnsRecord record)
    {
        var name = DomainName.Parse(record.Name);
        return record.Type switch
        {
            DnsRecordType.AAAA => new AaaaRecord(name, record.Ttl, IPAddress.Parse(record.Target)),
            DnsRecordType.A => new ARecord(name, record.Ttl, IPAddress.Parse(record.Target)),
            DnsRecordType.CNAME => new CNameRecord(name, record.Ttl, DomainName.Parse(record.Target)),
            DnsRecordType.PTR => new PtrRecord(name, record.Ttl, DomainName.Parse(record.Target)),
            DnsRecordType.TXT => new TxtRecord(name, record.Ttl, record.Target),
            DnsRecordType.SRV => new SrvRecord(name, record.Ttl, record.Priority, record.Weight, record.Port, DomainName.Parse(record.Target)),
            DnsRecordType.SOA => Soa(name, record),
            _ => throw new NotSupportedException($"no wire form for {record.Type}"),
        };
    }

    // SOA data is kept in presentation form: mname rname serial refresh retry expire minimum.
    private static SoaRecord Soa(DomainName name, DnsRecord record)
    {
        var f = record.Target.Split(' ');
        int At(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
        return new SoaRecord(name, record.Ttl, DomainName.Parse(f[0]), DomainName.Parse(f[1]), uint.Parse(f[2], CultureInfo.InvariantCulture), At(3), At(4), At(5), At(6));
    }
}
