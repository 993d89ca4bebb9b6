using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Machinery.Validation;

/// <summary>
/// The IP and CIDR checks of apimachinery's util/validation/ip.go and core validation's
/// ValidateNonSpecialIP, shared by Services, Endpoints and Nodes.
/// </summary>
public static class IpValidation
{
    public const string InvalidIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    public const string InvalidCidr = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    /// <summary>Parses the way Go's net.ParseIP does: dotted-quad IPv4 or IPv6 without a zone.</summary>
    public static IPAddress? ParseIp(string value)
    {
        if (value.Length == 0 || value.Contains('%')) return null;
        if (!value.Contains(':') && (value.Count(c => c == '.') != 3 || value.Any(c => c != '.' && !char.IsAsciiDigit(c)))) return null;
        if (!IPAddress.TryParse(value, out var ip)) return null;
        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
    }

    /// <summary>IsValidIP: one error, "must be a valid IP address, (e.g. ...)", when the value does not parse.</summary>
    public static IEnumerable<FieldError> ValidateIp(string? value, string path)
    {
        if (ParseIp(value ?? "") is null) yield return FieldError.Invalid(path, value ?? "", InvalidIp);
    }

    public static IEnumerable<FieldError> ValidateCidr(string? value, string path)
    {
        if (!IsCidr(value ?? "")) yield return FieldError.Invalid(path, value ?? "", InvalidCidr);
    }

    public static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0 || ParseIp(value[..slash]) is not { } ip) return false;
        var prefix = value[(slash + 1)..];
        var max = ip.AddressFamily == AddressFamily.InterNetwork && !value[..slash].Contains(':') ? 32 : 128;
        return prefix.Length is > 0 and <= 3 && prefix.All(char.IsAsciiDigit) && int.Parse(prefix) <= max;
    }

    /// <summary>ValidateNonSpecialIP / ValidateEndpointIP: addresses that make no sense as a destination.</summary>
    public static IEnumerable<FieldError> ValidateNonSpecialIp(string value, string path)
    {
        if (ParseIp(value) is not { } ip)
        {
            yield return FieldError.Invalid(path, value, "must be a valid IP address");
            yield break;
        }
        var bytes = ip.GetAddressBytes();
        var v4 = ip.AddressFamily == AddressFamily.InterNetwork;
        if (bytes.All(b => b == 0)) yield return FieldError.Invalid(path, value, $"may not be unspecified ({value})");
        if (IPAddress.IsLoopback(ip)) yield return FieldError.Invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        if (v4 ? bytes[0] == 169 && bytes[1] == 254 : ip.IsIPv6LinkLocal)
            yield return FieldError.Invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        if (v4 ? bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0 : bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02)
            yield return FieldError.Invalid(path, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
    }
}
