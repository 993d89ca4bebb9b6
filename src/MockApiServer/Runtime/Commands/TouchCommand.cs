namespace MockApiServer.Runtime.Commands;

/// <summary><c>touch FILE…</c>: creates empty files in the container (an existing one is kept).</summary>
public sealed class TouchCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["touch"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var code = 0;
        foreach (var path in ctx.Args.Skip(1).Where(a => !a.StartsWith('-')))
        {
            if (ctx.ReadFile(path) is not null || ctx.Files.Write(ctx.FullPath(path), "", append: true)) continue;
            await ctx.Stderr.WriteAsync($"touch: {path}: No such file or directory\n").ConfigureAwait(false);
            code = 1;
        }
        return code;
    }
}
