using System.Text;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// Prints a node's rules as iptables-save does: per table a header, the built-in chains with
/// their policy, the other chains in alphabetical order, then the rules grouped by chain in that
/// same order (each chain keeping its rule order), and COMMIT. Counters are zero.
/// </summary>
public static class IptablesSave
{
    public static string Render(RoutingTable table, string node)
    {
        var (filter, nat) = IptablesRules.For(table, node);
        var text = new StringBuilder();
        Write(text, filter);
        Write(text, nat);
        return text.ToString();
    }

    private static void Write(StringBuilder text, IptablesTable table)
    {
        text.Append('*').Append(table.Name).Append('\n');
        foreach (var chain in table.Builtins) text.Append(':').Append(chain).Append(" ACCEPT [0:0]\n");
        foreach (var chain in table.Chains) text.Append(':').Append(chain).Append(" - [0:0]\n");
        var byChain = table.Rules.ToLookup(r => r.Chain);
        foreach (var chain in table.Builtins.Concat(table.Chains))
        {
            foreach (var rule in byChain[chain]) text.Append(rule).Append('\n');
        }
        text.Append("COMMIT\n");
    }
}
