namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>sh -c SCRIPT</c> (also bash, ash) through <see cref="ShellScript"/>; without <c>-c</c> it
/// reads commands from stdin line by line, with a <c># </c> prompt on a tty, until <c>exit</c> or end of input.
/// </summary>
public sealed class ShCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["sh", "bash", "ash", "dash"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var variables = new Dictionary<string, string>(ctx.Environment, StringComparer.Ordinal);
        var c = ctx.Args.ToList().IndexOf("-c");
        if (c >= 0)
        {
            if (c + 1 >= ctx.Args.Count)
            {
                await ctx.Stderr.WriteAsync("sh: 0: -c requires an argument\n").ConfigureAwait(false);
                return 2;
            }
            return (await RunLineAsync(ctx, ctx.Args[c + 1], variables, 0).ConfigureAwait(false)).Code;
        }
        var last = 0;
        while (!ctx.Cancellation.IsCancellationRequested)
        {
            if (ctx.Tty) await ctx.Stdout.WriteAsync("# ").ConfigureAwait(false);
            var line = await ctx.Stdin.ReadLineAsync(ctx.Cancellation).ConfigureAwait(false);
            if (line is null) break;
            var (code, exited) = await RunLineAsync(ctx, line, variables, last).ConfigureAwait(false);
            last = code;
            if (exited) break;
        }
        return last;
    }

    private static async Task<(int Code, bool Exited)> RunLineAsync(ExecContext ctx, string line, Dictionary<string, string> variables, int last)
    {
        if (ShellScript.Parse(line) is not { } script)
        {
            await ctx.Stderr.WriteAsync("sh: 1: Syntax error: Unterminated quoted string\n").ConfigureAwait(false);
            return (2, false);
        }
        return await script.RunAsync(ctx, variables, last).ConfigureAwait(false);
    }
}
