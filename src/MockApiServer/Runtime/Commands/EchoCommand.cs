namespace MockApiServer.Runtime.Commands;

/// <summary><c>echo [-n] ARG…</c>.</summary>
public sealed class EchoCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["echo"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var newline = !(args.Count > 0 && args[0] == "-n");
        if (!newline) args.RemoveAt(0);
        await ctx.Stdout.WriteAsync(string.Join(" ", args) + (newline ? "\n" : "")).ConfigureAwait(false);
        return 0;
    }
}
