namespace MockApiServer.Runtime.Commands;

/// <summary><c>rm [-f] [-r] FILE…</c> over the files written in the container; -f is quiet about missing ones.</summary>
public sealed class RmCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["rm"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var force = args.Any(a => a.StartsWith('-') && a.Contains('f'));
        var recursive = args.Any(a => a.StartsWith('-') && (a.Contains('r') || a.Contains('R')));
        var code = 0;
        foreach (var path in args.Where(a => !a.StartsWith('-')))
        {
            var full = ctx.FullPath(path);
            if (ctx.Files.Delete(full)) continue;
            if (recursive && ctx.Files.IsDirectory(full))
            {
                foreach (var (file, _) in ctx.Files.FilesUnder(full)) ctx.Files.Delete(file);
                continue;
            }
            if (force && !ctx.Files.IsDirectory(full)) continue;
            await ctx.Stderr.WriteAsync(ctx.Files.IsDirectory(full) ? $"rm: '{path}' is a directory\n" : $"rm: can't remove '{path}': No such file or directory\n").ConfigureAwait(false);
            code = 1;
        }
        return code;
    }
}
