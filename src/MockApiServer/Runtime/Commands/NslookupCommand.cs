using MockApiServer.Networking.Dns;

namespace MockApiServer.Runtime.Commands;

/// <summary><c>nslookup NAME</c> as busybox prints it, through the pod's search path and cluster DNS.</summary>
public sealed class NslookupCommand(PodDnsLookup dns) : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["nslookup"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var name = ctx.Args.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        if (name is null)
        {
            await ctx.Stderr.WriteAsync("Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]\n").ConfigureAwait(false);
            return 1;
        }
        var server = dns.Nameserver(ctx);
        await ctx.Stdout.WriteAsync($"Server:\t\t{server}\nAddress:\t{server}:53\n\n").ConfigureAwait(false);
        var result = dns.Lookup(ctx, name);
        var records = result.Answer.Answers;
        if (records.Count == 0)
        {
            var why = result.Answer.Code == DnsResponseCode.NxDomain ? "NXDOMAIN" : "No answer";
            await ctx.Stdout.WriteAsync($"** server can't find {name}: {why}\n\n").ConfigureAwait(false);
            return 1;
        }
        foreach (var cname in records.Where(r => r.Type == DnsRecordType.CNAME))
            await ctx.Stdout.WriteAsync($"{cname.Name.TrimEnd('.')}\tcanonical name = {cname.Target.TrimEnd('.')}\n").ConfigureAwait(false);
        foreach (var a in records.Where(r => r.Type == DnsRecordType.A))
            await ctx.Stdout.WriteAsync($"Name:\t{a.Name.TrimEnd('.')}\nAddress: {a.Target}\n").ConfigureAwait(false);
        await ctx.Stdout.WriteAsync("\n").ConfigureAwait(false);
        return 0;
    }
}
