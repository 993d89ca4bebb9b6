namespace MockApiServer.Runtime.Commands;

/// <summary><c>ls [-1] [-a] [PATH…]</c>: the names in a directory (the image's standard directories, what was written), or a file's own name.</summary>
public sealed class LsCommand : IExecCommand
{
    private static readonly Dictionary<string, string[]> KubeletFiles = new(StringComparer.Ordinal)
    {
        ["/etc"] = ["hostname", "hosts", "resolv.conf"],
        ["/dev"] = ["null"],
    };

    public IReadOnlyList<string> Names { get; } = ["ls"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var paths = ctx.Args.Skip(1).Where(a => !a.StartsWith('-')).DefaultIfEmpty(".").ToList();
        var code = 0;
        foreach (var path in paths)
        {
            var full = ctx.FullPath(path);
            if (ctx.Files.IsDirectory(full))
            {
                var names = ctx.Files.List(full).Concat(KubeletFiles.GetValueOrDefault(full, [])).Distinct().Order(StringComparer.Ordinal);
                if (paths.Count > 1) await ctx.Stdout.WriteAsync($"{path}:\n").ConfigureAwait(false);
                foreach (var name in names) await ctx.Stdout.WriteAsync(name + "\n").ConfigureAwait(false);
            }
            else if (ctx.ReadFile(path) is not null) await ctx.Stdout.WriteAsync(path + "\n").ConfigureAwait(false);
            else
            {
                await ctx.Stderr.WriteAsync($"ls: {path}: No such file or directory\n").ConfigureAwait(false);
                code = 1;
            }
        }
        return code;
    }
}
