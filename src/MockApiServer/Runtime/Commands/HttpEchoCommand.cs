namespace MockApiServer.Runtime.Commands;

/// <summary><c>http-echo -text=TEXT [-listen=:5678]</c>: runs until stopped; without <c>-text</c> it exits 127 as the real binary does.</summary>
public sealed class HttpEchoCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["http-echo"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var flags = Flags(ctx.Args.Skip(1));
        if (!flags.TryGetValue("text", out var text) || text.Length == 0)
        {
            await ctx.Stderr.WriteAsync("Missing -text option!\n").ConfigureAwait(false);
            return 127;
        }
        var listen = flags.GetValueOrDefault("listen", ":5678");
        await ctx.Stdout.WriteAsync($"{ctx.Time.GetUtcNow().UtcDateTime:yyyy'/'MM'/'dd HH:mm:ss} [INFO] server is listening on {listen}\n").ConfigureAwait(false);
        await Task.Delay(Timeout.InfiniteTimeSpan, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Go's flag package: -name=value, --name=value, or -name value.</summary>
    private static Dictionary<string, string> Flags(IEnumerable<string> args)
    {
        var list = args.ToList();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i].TrimStart('-');
            var eq = arg.IndexOf('=');
            if (eq >= 0) flags[arg[..eq]] = arg[(eq + 1)..];
            else if (i + 1 < list.Count) flags[arg] = list[++i];
        }
        return flags;
    }
}
