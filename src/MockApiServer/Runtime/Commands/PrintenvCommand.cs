namespace MockApiServer.Runtime.Commands;

/// <summary><c>printenv [NAME…]</c>: all variables, or the values of the named ones (exit 1 when one is unset).</summary>
public sealed class PrintenvCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["printenv"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        if (ctx.Args.Count == 1)
        {
            foreach (var (k, v) in ctx.Environment) await ctx.Stdout.WriteAsync($"{k}={v}\n").ConfigureAwait(false);
            return 0;
        }
        var code = 0;
        foreach (var name in ctx.Args.Skip(1))
        {
            if (ctx.Environment.TryGetValue(name, out var value)) await ctx.Stdout.WriteAsync(value + "\n").ConfigureAwait(false);
            else code = 1;
        }
        return code;
    }
}
