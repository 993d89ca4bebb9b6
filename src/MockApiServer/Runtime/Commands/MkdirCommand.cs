namespace MockApiServer.Runtime.Commands;

/// <summary><c>mkdir [-p] DIR…</c> in the container.</summary>
public sealed class MkdirCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["mkdir"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var parents = args.Contains("-p");
        var code = 0;
        foreach (var path in args.Where(a => !a.StartsWith('-')))
        {
            if (ctx.Files.MakeDirectory(ctx.FullPath(path), parents)) continue;
            await ctx.Stderr.WriteAsync($"mkdir: can't create directory '{path}': No such file or directory\n").ConfigureAwait(false);
            code = 1;
        }
        return code;
    }
}
