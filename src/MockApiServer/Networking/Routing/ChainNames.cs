using System.Security.Cryptography;
using System.Text;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// Chain names exactly as kube-proxy's iptables mode hashes them (proxier.go
/// servicePortChainName / servicePortEndpointChainName): the first 16 characters of the standard
/// base32 of SHA-256(servicePortName + lower-case protocol [+ "IP:port"]), behind a prefix.
/// </summary>
public static class ChainNames
{
    public const string Services = "KUBE-SERVICES";
    public const string ExternalServices = "KUBE-EXTERNAL-SERVICES";
    public const string NodePorts = "KUBE-NODEPORTS";
    public const string MarkMasq = "KUBE-MARK-MASQ";
    public const string PostRouting = "KUBE-POSTROUTING";
    public const string Forward = "KUBE-FORWARD";
    public const string ProxyFirewall = "KUBE-PROXY-FIREWALL";
    public const string Canary = "KUBE-PROXY-CANARY";

    public static string ServiceChain(ServicePortName name, string protocol) => "KUBE-SVC-" + PortProtoHash(name, protocol);

    public static string LocalServiceChain(ServicePortName name, string protocol) => "KUBE-SVL-" + PortProtoHash(name, protocol);

    public static string ExternalChain(ServicePortName name, string protocol) => "KUBE-EXT-" + PortProtoHash(name, protocol);

    public static string FirewallChain(ServicePortName name, string protocol) => "KUBE-FW-" + PortProtoHash(name, protocol);

    /// <summary>KUBE-SEP-…; <paramref name="endpoint"/> is "IP:port" ("[v6]:port" for IPv6).</summary>
    public static string EndpointChain(ServicePortName name, string protocol, string endpoint) =>
        "KUBE-SEP-" + Hash(name + protocol.ToLowerInvariant() + endpoint);

    public static string PortProtoHash(ServicePortName name, string protocol) => Hash(name + protocol.ToLowerInvariant());

    private static string Hash(string text) => Base32Prefix16(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Base32Prefix16(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<char> chars = stackalloc char[16];
        // 16 characters × 5 bits = the first 80 bits (10 bytes).
        var buffer = 0;
        var bits = 0;
        var i = 0;
        foreach (var b in bytes[..10])
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[i++] = alphabet[(buffer >> bits) & 31];
            }
        }
        return new string(chars);
    }
}
