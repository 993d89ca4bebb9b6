using System.Globalization;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>
/// <c>test EXPR</c> and <c>[ EXPR ]</c>: string tests (<c>-z -n = != </c>), integer comparisons
/// (<c>-eq -ne -lt -le -gt -ge</c>), file tests on the container's files (<c>-e -f -d -s -r -w -x</c>),
/// <c>!</c>, <c>-a</c>, <c>-o</c>. Exit 0 true, 1 false, 2 on a malformed expression.
/// </summary>
internal static class ShellTest
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, ExecContext ctx, TextWriter stderr)
    {
        var args = argv.Skip(1).ToList();
        if (argv[0] == "[")
        {
            if (args.Count == 0 || args[^1] != "]")
            {
                await stderr.WriteAsync("sh: 1: [: missing ]\n").ConfigureAwait(false);
                return 2;
            }
            args.RemoveAt(args.Count - 1);
        }
        try
        {
            return Or(args, ctx) ? 0 : 1;
        }
        catch (FormatException e)
        {
            await stderr.WriteAsync($"sh: 1: {argv[0]}: {e.Message}\n").ConfigureAwait(false);
            return 2;
        }
    }

    private static bool Or(List<string> args, ExecContext ctx)
    {
        var o = args.IndexOf("-o");
        return o > 0 ? And(args[..o], ctx) || Or(args[(o + 1)..], ctx) : And(args, ctx);
    }

    private static bool And(List<string> args, ExecContext ctx)
    {
        var a = args.IndexOf("-a");
        return a > 0 && args.Count > 3 ? Primary(args[..a], ctx) && And(args[(a + 1)..], ctx) : Primary(args, ctx);
    }

    private static bool Primary(List<string> args, ExecContext ctx) => args switch
    {
        [] => false,
        ["!", .. var rest] => !Primary(rest, ctx),
        [var s] => s.Length > 0,
        ["-z", var s] => s.Length == 0,
        ["-n", var s] => s.Length > 0,
        ["-e" or "-r" or "-w", var path] => ctx.ReadFile(path) is not null || ctx.Files.IsDirectory(ctx.FullPath(path)),
        ["-f", var path] => ctx.ReadFile(path) is not null,
        ["-s", var path] => ctx.ReadFile(path) is { Length: > 0 },
        ["-d", var path] => ctx.Files.IsDirectory(ctx.FullPath(path)),
        ["-x", var path] => ctx.Commands.Find(path) is not null || ctx.Files.IsDirectory(ctx.FullPath(path)),
        ["-h" or "-L" or "-p" or "-S" or "-t", _] => false,
        [var l, "=" or "==", var r] => l == r,
        [var l, "!=", var r] => l != r,
        [var l, "<", var r] => string.CompareOrdinal(l, r) < 0,
        [var l, ">", var r] => string.CompareOrdinal(l, r) > 0,
        [var l, var op, var r] when op is "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge" => Compare(Integer(l), op, Integer(r)),
        ["(", .. var inner, ")"] => Or(inner, ctx),
        [var op, _] => throw new FormatException($"{op}: unexpected operator"),
        _ => throw new FormatException($"{args[1]}: unexpected operator"),
    };

    private static bool Compare(long l, string op, long r) => op switch
    {
        "-eq" => l == r,
        "-ne" => l != r,
        "-lt" => l < r,
        "-le" => l <= r,
        "-gt" => l > r,
        _ => l >= r,
    };

    private static long Integer(string s) =>
        long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"Illegal number: {s}");
}
