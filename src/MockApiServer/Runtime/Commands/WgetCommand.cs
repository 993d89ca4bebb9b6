using System.Globalization;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// busybox's <c>wget [-q] [-O FILE|-] [-S] [--spider] [-T SEC] URL</c> through <see cref="PodHttp"/>,
/// with busybox's messages: "bad address", "can't connect to remote host", "download timed out",
/// "server returned error"; exit 1 on any of them.
/// </summary>
public sealed class WgetCommand(PodHttp http) : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["wget"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var (quiet, spider, headers) = (false, false, false);
        string? output = null;
        var timeout = TimeSpan.FromSeconds(900);
        string? url = null;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--spider") spider = true;
            else if (a.StartsWith("--timeout=", StringComparison.Ordinal) && double.TryParse(a[10..], NumberStyles.Float, CultureInfo.InvariantCulture, out var t)) timeout = TimeSpan.FromSeconds(t);
            else if (a.StartsWith('-') && a.Length > 1 && !a.StartsWith("--", StringComparison.Ordinal))
            {
                // Bundled flags (-qO-): a flag that takes a value takes the rest of the word, or the next word.
                for (var j = 1; j < a.Length; j++)
                {
                    var f = a[j];
                    if (f == 'q') quiet = true;
                    else if (f == 'S') headers = true;
                    else if (f is 'O' or 'T')
                    {
                        var value = j + 1 < a.Length ? a[(j + 1)..] : i + 1 < args.Count ? args[++i] : "";
                        if (f == 'O') output = value;
                        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) timeout = TimeSpan.FromSeconds(seconds);
                        break;
                    }
                }
            }
            else if (!a.StartsWith('-')) url = a;
        }
        if (url is null)
        {
            await ctx.Stderr.WriteAsync("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n").ConfigureAwait(false);
            return 1;
        }
        if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var uri))
            return await FailAsync(ctx, $"bad address '{url}'").ConfigureAwait(false);
        var exchange = http.Send(ctx, uri, spider ? "HEAD" : "GET");
        if (exchange.Failure == Runtime.Commands.HttpFailure.Unresolved) return await FailAsync(ctx, $"bad address '{uri.Host}'").ConfigureAwait(false);
        if (!quiet) await ctx.Stderr.WriteAsync($"Connecting to {uri.Authority} ({exchange.Ip}:{uri.Port})\n").ConfigureAwait(false);
        switch (exchange.Failure)
        {
            case HttpFailure.Refused:
                return await FailAsync(ctx, $"can't connect to remote host ({exchange.Ip}): Connection refused").ConfigureAwait(false);
            case HttpFailure.TimedOut:
                await Task.Delay(timeout, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
                return await FailAsync(ctx, "download timed out").ConfigureAwait(false);
            case HttpFailure.EmptyReply:
                return await FailAsync(ctx, "error getting response: Connection reset by peer").ConfigureAwait(false);
        }
        var answer = exchange.Answer!;
        if (headers) await ctx.Stderr.WriteAsync(string.Concat(exchange.Head(ctx.Time.GetUtcNow()).Split("\r\n").Where(l => l.Length > 0).Select(l => $"  {l}\n"))).ConfigureAwait(false);
        if (answer.Status >= 400) return await FailAsync(ctx, $"server returned error: HTTP/1.1 {answer.Status} {answer.Reason}").ConfigureAwait(false);
        if (spider)
        {
            if (!quiet) await ctx.Stderr.WriteAsync("remote file exists\n").ConfigureAwait(false);
            return 0;
        }
        var target = output ?? (uri.Segments[^1] is var last && last != "/" ? last : "index.html");
        if (target == "-")
        {
            if (!quiet) await ctx.Stderr.WriteAsync("writing to stdout\n").ConfigureAwait(false);
            await ctx.Stdout.WriteAsync(answer.Body).ConfigureAwait(false);
            if (!quiet) await ctx.Stderr.WriteAsync("written to stdout\n").ConfigureAwait(false);
            return 0;
        }
        if (!quiet) await ctx.Stderr.WriteAsync($"saving to '{target}'\n").ConfigureAwait(false);
        if (!ctx.Files.Write(ctx.FullPath(target), answer.Body)) return await FailAsync(ctx, $"can't open '{target}': No such file or directory").ConfigureAwait(false);
        if (!quiet) await ctx.Stderr.WriteAsync($"'{target}' saved\n").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> FailAsync(ExecContext ctx, string message)
    {
        await ctx.Stderr.WriteAsync($"wget: {message}\n").ConfigureAwait(false);
        return 1;
    }
}
