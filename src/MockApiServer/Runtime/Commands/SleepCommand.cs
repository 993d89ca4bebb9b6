using System.Globalization;

namespace MockApiServer.Runtime.Commands;

/// <summary><c>sleep N[smhd]…</c> and <c>sleep infinity</c> on the context's clock, until done or cancelled.</summary>
public sealed class SleepCommand : IExecCommand
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public IReadOnlyList<string> Names { get; } = ["sleep"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        if (ctx.Args.Count < 2)
        {
            await ctx.Stderr.WriteAsync("sleep: missing operand\n").ConfigureAwait(false);
            return 1;
        }
        var total = TimeSpan.Zero;
        foreach (var arg in ctx.Args.Skip(1))
        {
            if (arg is "infinity" or "inf")
            {
                total = Timeout.InfiniteTimeSpan;
                break;
            }
            if (Parse(arg) is not { } d)
            {
                await ctx.Stderr.WriteAsync($"sleep: invalid time interval '{arg}'\n").ConfigureAwait(false);
                return 1;
            }
            total += d;
        }
        // Timers end at about 49 days; anything longer ("sleep 9999999999d", the keep-alive idiom) is forever here.
        if (total > MaxDelay) total = Timeout.InfiniteTimeSpan;
        await Task.Delay(total, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
        return 0;
    }

    private static TimeSpan? Parse(string arg)
    {
        var unit = arg.Length > 0 && char.IsAsciiLetter(arg[^1]) ? arg[^1] : 's';
        var number = char.IsAsciiLetter(arg[^1]) ? arg[..^1] : arg;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return null;
        double? seconds = unit switch { 's' => n, 'm' => n * 60, 'h' => n * 3600, 'd' => n * 86400, _ => null };
        return seconds is { } s ? TimeSpan.FromSeconds(Math.Min(s, MaxDelay.TotalSeconds + 1)) : null;
    }
}
