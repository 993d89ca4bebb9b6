using System.Globalization;
using System.Text;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// One rule, kept in the parts iptables-save normalises: source, destination and protocol
/// first, then the comment, then the other matches in the order kube-proxy gave them, then the
/// target. <see cref="ToString"/> prints it as iptables-save does.
/// </summary>
public sealed record IptablesRule(string Chain, string Target)
{
    public string? Source { get; init; }
    public bool NotSource { get; init; }
    public string? Destination { get; init; }

    /// <summary>Lower-case protocol ("tcp"); also loads its match when <see cref="DestinationPort"/> is set.</summary>
    public string? Protocol { get; init; }

    public string? Comment { get; init; }

    /// <summary>Matches printed before the protocol's own match ("-m addrtype --dst-type LOCAL").</summary>
    public string? Before { get; init; }

    public int? DestinationPort { get; init; }

    /// <summary>Matches printed after the protocol's own match ("-m nfacct …", "-m statistic …").</summary>
    public string? After { get; init; }

    /// <summary>True when the protocol match is loaded without --dport (DNAT rules: "-m tcp -j DNAT").</summary>
    public bool ProtocolMatch { get; init; }

    public override string ToString()
    {
        var line = new StringBuilder("-A ").Append(Chain);
        if (Source is not null) line.Append(NotSource ? " ! -s " : " -s ").Append(Cidr(Source));
        if (Destination is not null) line.Append(" -d ").Append(Cidr(Destination));
        if (Protocol is not null) line.Append(" -p ").Append(Protocol);
        if (Comment is not null) line.Append(" -m comment --comment \"").Append(Comment).Append('"');
        if (Before is not null) line.Append(' ').Append(Before);
        if (Protocol is not null && DestinationPort is { } port) line.Append(" -m ").Append(Protocol).Append(" --dport ").Append(port.ToString(CultureInfo.InvariantCulture));
        else if (Protocol is not null && ProtocolMatch) line.Append(" -m ").Append(Protocol);
        if (After is not null) line.Append(' ').Append(After);
        if (Target.Length > 0) line.Append(" -j ").Append(Target);
        return line.ToString();
    }

    /// <summary>Single addresses as /32 (/128), ranges as given.</summary>
    private static string Cidr(string address) => address.Contains('/') ? address : address.Contains(':') ? address + "/128" : address + "/32";
}
