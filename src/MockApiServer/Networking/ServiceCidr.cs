using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Networking;

/// <summary>An IPv4 service CIDR; addresses are handled as their 32-bit value.</summary>
public sealed record ServiceCidr(uint Network, int Prefix)
{
    /// <summary>The raw size of the CIDR (2^(32-prefix)), network and broadcast included.</summary>
    public long Size => 1L << (32 - Prefix);

    public bool Contains(uint address) => address - Network < Size;

    public override string ToString() => $"{ToAddress(Network)}/{Prefix}";

    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>The 32-bit value of a dotted IPv4 address, or null for anything else.</summary>
    public static uint? ToValue(string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3
            ? BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes())
            : null;

    /// <summary>Parses "a.b.c.d/n" as kube-apiserver does (host bits masked off), or throws naming <paramref name="option"/>.</summary>
    public static ServiceCidr Parse(string value, string option)
    {
        var text = value.Trim();
        if (text.Contains(','))
            throw new FormatException($"{option}: \"{value}\" has more than one CIDR; this server supports a single IPv4 range only");
        var slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 0 or > 128)
            throw new FormatException($"{option}: \"{value}\" is not a valid CIDR (e.g. 10.96.0.0/12)");
        if (!IPAddress.TryParse(text[..slash], out var ip))
            throw new FormatException($"{option}: \"{value}\" is not a valid CIDR (e.g. 10.96.0.0/12)");
        if (ip.AddressFamily != AddressFamily.InterNetwork)
            throw new FormatException($"{option}: \"{value}\" is not IPv4; this server supports a single IPv4 range only");
        if (prefix > 29)
            throw new FormatException($"{option}: \"{value}\": the service cluster IP range must be at least 8 IP addresses");
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new ServiceCidr(BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes()) & mask, prefix);
    }
}
