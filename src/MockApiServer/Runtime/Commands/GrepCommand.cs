using System.Text.RegularExpressions;

namespace MockApiServer.Runtime.Commands;

/// <summary><c>grep [-i] [-v] [-E] [-F] PATTERN [FILE…]</c>, mostly for <c>sh -c 'env | grep …'</c>; exit 1 when nothing matched.</summary>
public sealed class GrepCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["grep", "egrep"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var (ignoreCase, invert, fixedString) = (false, false, false);
        while (args.Count > 0 && args[0].StartsWith('-') && args[0].Length > 1)
        {
            foreach (var flag in args[0][1..])
            {
                if (flag == 'i') ignoreCase = true;
                else if (flag == 'v') invert = true;
                else if (flag == 'F') fixedString = true;
            }
            args.RemoveAt(0);
        }
        if (args.Count == 0)
        {
            await ctx.Stderr.WriteAsync("Usage: grep [OPTION]... PATTERNS [FILE]...\n").ConfigureAwait(false);
            return 2;
        }
        var pattern = fixedString ? Regex.Escape(args[0]) : args[0];
        var regex = new Regex(pattern, ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None, TimeSpan.FromSeconds(1));
        var text = args.Count == 1
            ? await ctx.Stdin.ReadToEndAsync(ctx.Cancellation).ConfigureAwait(false)
            : string.Concat(args.Skip(1).Select(p => ctx.ReadFile(p) ?? ""));
        var matched = false;
        foreach (var line in text.Split('\n').SkipLast(text.EndsWith('\n') ? 1 : 0))
        {
            if (regex.IsMatch(line) == invert) continue;
            matched = true;
            await ctx.Stdout.WriteAsync(line + "\n").ConfigureAwait(false);
        }
        return matched ? 0 : 1;
    }
}
