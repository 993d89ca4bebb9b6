namespace MockApiServer.Runtime.Commands;

/// <summary><c>getent hosts NAME</c>: the address and canonical name, exit 2 when the name is unknown (glibc's rule).</summary>
public sealed class GetentCommand(PodDnsLookup dns) : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["getent"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        if (ctx.Args.Count < 3 || ctx.Args[1] is not ("hosts" or "ahosts"))
        {
            await ctx.Stderr.WriteAsync("Usage: getent hosts NAME (only the hosts database is simulated)\n").ConfigureAwait(false);
            return 1;
        }
        var (ip, canonical) = dns.FirstAddress(ctx, ctx.Args[2]);
        if (ip is null) return 2;
        await ctx.Stdout.WriteAsync($"{ip,-15} {canonical ?? ctx.Args[2]}\n").ConfigureAwait(false);
        return 0;
    }
}
