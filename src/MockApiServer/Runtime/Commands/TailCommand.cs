namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>tail -f FILE</c> (the "keep the container running" idiom: it never ends on its own) and
/// <c>tail [-n N] FILE</c> over the container's files.
/// </summary>
public sealed class TailCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["tail"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var follow = args.Remove("-f") | args.Remove("-F");
        var lines = 10;
        var n = args.IndexOf("-n");
        if (n >= 0 && n + 1 < args.Count && int.TryParse(args[n + 1], out var count))
        {
            lines = count;
            args.RemoveRange(n, 2);
        }
        var file = args.FirstOrDefault();
        var text = file is null ? await ctx.Stdin.ReadToEndAsync(ctx.Cancellation).ConfigureAwait(false) : ctx.ReadFile(file);
        if (text is null)
        {
            await ctx.Stderr.WriteAsync($"tail: cannot open '{file}' for reading: No such file or directory\n").ConfigureAwait(false);
            if (!follow) return 1;
        }
        else
        {
            var all = text.Split('\n');
            if (all.Length > 0 && all[^1].Length == 0) all = all[..^1];
            foreach (var line in all.Skip(Math.Max(0, all.Length - lines))) await ctx.Stdout.WriteAsync(line + "\n").ConfigureAwait(false);
        }
        if (follow) await Task.Delay(Timeout.InfiniteTimeSpan, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
        return 0;
    }
}
