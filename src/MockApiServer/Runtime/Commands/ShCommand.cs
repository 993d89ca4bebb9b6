namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>sh -c SCRIPT [NAME ARG…]</c> (also bash, ash, dash) through <see cref="ShellScript"/>;
/// without <c>-c</c> it reads commands from stdin line by line, with the image's prompt on a tty,
/// until <c>exit</c> or end of input.
/// </summary>
public sealed class ShCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["sh", "bash", "ash", "dash"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var variables = new Dictionary<string, string>(ctx.Environment, StringComparer.Ordinal);
        var args = ctx.Args.Skip(1).SkipWhile(a => a.StartsWith('-') && a != "-c" && a.Length > 1).ToList();
        if (args.Count > 0 && args[0] == "-c")
        {
            if (args.Count < 2)
            {
                await ctx.Stderr.WriteAsync("sh: 0: -c requires an argument\n").ConfigureAwait(false);
                return 2;
            }
            variables["0"] = args.Count > 2 ? args[2] : "sh";
            return (await RunLineAsync(ctx, args[1], variables, 0, args.Skip(3).ToList()).ConfigureAwait(false)).Code;
        }
        var last = 0;
        var lines = new List<string>();
        while (!ctx.Cancellation.IsCancellationRequested)
        {
            if (ctx.Tty) await ctx.Stdout.WriteAsync(lines.Count == 0 ? Prompt(ctx, variables) : "> ").ConfigureAwait(false);
            var line = await ctx.Stdin.ReadLineAsync(ctx.Cancellation).ConfigureAwait(false);
            if (line is null) break;
            lines.Add(line);
            // A line that leaves a compound command or quote open waits for the next one, as sh's PS2 prompt does.
            var text = string.Join('\n', lines);
            if (ShellScript.Parse(text, out var error) is null && error is not null && Incomplete(error)) continue;
            lines.Clear();
            var (code, exited) = await RunLineAsync(ctx, text, variables, last, []).ConfigureAwait(false);
            last = code;
            if (exited) break;
        }
        return last;
    }

    /// <summary>
    /// PS1 as root sees it: busybox's and Alpine's ash print the directory ("/ # "), Debian's and
    /// Ubuntu's bash their bashrc's "root@HOST:DIR# ", dash a bare "# ".
    /// </summary>
    private static string Prompt(ExecContext ctx, Dictionary<string, string> variables)
    {
        var directory = variables.GetValueOrDefault("PWD", "/");
        var program = Path.GetFileName(ctx.Args[0]);
        if (program == "bash") return $"root@{PodContainers.Hostname(ctx.Pod)}:{directory}# ";
        var repository = Images.ImageCatalogue.Repository(PodContainers.Find(ctx.Pod, ctx.ContainerName)?.Image);
        return repository is "busybox" or "alpine" || program == "ash" ? $"{directory} # " : "# ";
    }

    private static bool Incomplete(string error) =>
        error.Contains("end of file unexpected", StringComparison.Ordinal) || error.Contains("Unterminated quoted string", StringComparison.Ordinal);

    private static async Task<(int Code, bool Exited)> RunLineAsync(ExecContext ctx, string line, Dictionary<string, string> variables, int last, IReadOnlyList<string> positional)
    {
        if (ShellScript.Parse(line, out var error) is not { } script)
        {
            await ctx.Stderr.WriteAsync($"sh: 1: {error}\n").ConfigureAwait(false);
            return (2, false);
        }
        return await script.RunAsync(ctx, variables, last, positional).ConfigureAwait(false);
    }
}
