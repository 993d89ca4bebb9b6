namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>agnhost SUBCOMMAND</c>, the image Kubernetes' own Service tests run: the serving
/// subcommands (<c>netexec</c>, <c>serve-hostname</c>, <c>pause</c>) run until stopped; with no
/// subcommand it prints its usage, an unknown one fails as cobra does.
/// </summary>
public sealed class AgnhostCommand : IExecCommand
{
    private static readonly string[] Serving = ["netexec", "serve-hostname", "pause"];

    public IReadOnlyList<string> Names { get; } = ["agnhost"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        if (ctx.Args.Count < 2)
        {
            await ctx.Stdout.WriteAsync($"Usage:\n  agnhost [command]\n\nAvailable Commands:\n{string.Concat(Serving.Select(s => $"  {s}\n"))}").ConfigureAwait(false);
            return 0;
        }
        var sub = ctx.Args[1];
        if (!Serving.Contains(sub))
        {
            await ctx.Stderr.WriteAsync($"Error: unknown command \"{sub}\" for \"agnhost\"\nRun 'agnhost --help' for usage.\n").ConfigureAwait(false);
            return 1;
        }
        if (sub == "pause") await ctx.Stdout.WriteAsync("Paused\n").ConfigureAwait(false);
        if (sub == "serve-hostname") await ctx.Stdout.WriteAsync("Serving on port 9376.\n").ConfigureAwait(false);
        await Task.Delay(Timeout.InfiniteTimeSpan, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
        return 0;
    }
}
