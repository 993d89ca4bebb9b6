namespace MockApiServer.Runtime.Commands;

/// <summary><c>cat [FILE…]</c> over the files the kubelet manages (/etc/hosts, /etc/resolv.conf, /etc/hostname); no file copies stdin.</summary>
public sealed class CatCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["cat"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        if (ctx.Args.Count == 1)
        {
            await ctx.Stdout.WriteAsync(await ctx.Stdin.ReadToEndAsync(ctx.Cancellation).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }
        var code = 0;
        foreach (var path in ctx.Args.Skip(1))
        {
            if (ctx.ReadFile(path) is { } content) await ctx.Stdout.WriteAsync(content).ConfigureAwait(false);
            else
            {
                await ctx.Stderr.WriteAsync($"cat: {path}: No such file or directory\n").ConfigureAwait(false);
                code = 1;
            }
        }
        return code;
    }
}
