namespace MockApiServer.Runtime.Commands;

/// <summary><c>env</c>: prints the environment; <c>env NAME=value … cmd</c> runs cmd with additions.</summary>
public sealed class EnvCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["env"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var env = new Dictionary<string, string>(ctx.Environment, StringComparer.Ordinal);
        var i = 1;
        for (; i < ctx.Args.Count && ctx.Args[i].IndexOf('=', StringComparison.Ordinal) > 0; i++)
        {
            var eq = ctx.Args[i].IndexOf('=', StringComparison.Ordinal);
            env[ctx.Args[i][..eq]] = ctx.Args[i][(eq + 1)..];
        }
        if (i < ctx.Args.Count) return await ctx.Commands.RunAsync(ctx.With(ctx.Args.Skip(i).ToList(), environment: env)).ConfigureAwait(false);
        foreach (var (k, v) in env) await ctx.Stdout.WriteAsync($"{k}={v}\n").ConfigureAwait(false);
        return 0;
    }
}
