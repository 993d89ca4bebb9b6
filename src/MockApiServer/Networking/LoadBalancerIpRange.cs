using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Networking;

/// <summary>
/// The load-balancer address pool, as a MetalLB IPAddressPool lists it: an inclusive IPv4 range
/// ("172.18.255.200-172.18.255.250") or a CIDR, every address of which is handed out.
/// </summary>
public sealed record LoadBalancerIpRange(uint First, uint Last)
{
    public long Size => (long)Last - First + 1;

    public bool Contains(uint address) => address >= First && address <= Last;

    public bool Contains(string ip) => ServiceCidr.ToValue(ip) is { } value && Contains(value);

    /// <summary>The addresses in order, first to last.</summary>
    public IEnumerable<uint> Addresses()
    {
        for (var value = (long)First; value <= Last; value++) yield return (uint)value;
    }

    public override string ToString() => $"{ServiceCidr.ToAddress(First)}-{ServiceCidr.ToAddress(Last)}";

    /// <summary>Parses "first-last" or "a.b.c.d/n" (IPv4), or throws naming <paramref name="option"/>.</summary>
    public static LoadBalancerIpRange Parse(string value, string option)
    {
        var text = value.Trim();
        if (text.Contains('/'))
        {
            var slash = text.IndexOf('/');
            if (!int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 0 or > 32 || ServiceCidr.ToValue(text[..slash]) is not { } network)
                throw Invalid(value, option);
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            var first = network & mask;
            return new LoadBalancerIpRange(first, first | ~mask);
        }
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || ServiceCidr.ToValue(parts[0]) is not { } low || ServiceCidr.ToValue(parts[1]) is not { } high)
            throw Invalid(value, option);
        if (high < low) throw new FormatException($"{option}: \"{value}\" ends before it starts");
        return new LoadBalancerIpRange(low, high);
    }

    private static FormatException Invalid(string value, string option) =>
        IPAddress.TryParse(value.Split('-', '/')[0].Trim(), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? new FormatException($"{option}: \"{value}\" is not IPv4; this server supports a single IPv4 pool only")
            : new FormatException($"{option}: \"{value}\" is not an IPv4 range or CIDR (e.g. 172.18.255.200-172.18.255.250 or 172.18.255.192/27)");
}
