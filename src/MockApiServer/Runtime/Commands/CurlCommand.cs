using System.Globalization;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>curl [-s] [-S] [-f] [-i|-I] [-v] [-o FILE] [-w FORMAT] [-X METHOD] [-H H] [-d DATA]
/// [--connect-timeout N] [-m N] URL</c> from inside the pod, through <see cref="PodHttp"/>. Failures
/// exit with curl's codes and messages: 6 unresolved, 7 refused, 28 timed out, 52 no HTTP reply,
/// 22 an HTTP error with -f. The progress meter is not drawn.
/// </summary>
public sealed class CurlCommand(PodHttp http) : IExecCommand
{
    private static readonly HashSet<string> TakesValue = ["-o", "--output", "-w", "--write-out", "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw",
        "--connect-timeout", "-m", "--max-time", "-u", "--user", "-A", "--user-agent", "-e", "--referer", "--retry", "-b", "--cookie", "--resolve", "-x", "--proxy"];

    public IReadOnlyList<string> Names { get; } = ["curl"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var (flags, values, urls) = Parse(ctx.Args.Skip(1).ToList());
        if (urls.Count == 0)
        {
            await ctx.Stderr.WriteAsync("curl: try 'curl --help' or 'curl --manual' for more information\n").ConfigureAwait(false);
            return 2;
        }
        var silent = flags.Contains("s") && !flags.Contains("S");
        var url = urls[^1];
        if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return await FailAsync(ctx, silent, 3, "URL rejected: Malformed input to a URL function").ConfigureAwait(false);
        var head = flags.Contains("I");
        var method = values.GetValueOrDefault("X") ?? (head ? "HEAD" : values.ContainsKey("d") ? "POST" : "GET");
        var verbose = flags.Contains("v");
        var exchange = http.Send(ctx, uri, method);
        if (verbose && exchange.Ip is not null) await ctx.Stderr.WriteAsync($"*   Trying {exchange.Ip}:{uri.Port}...\n").ConfigureAwait(false);
        var connectTimeout = Seconds(values.GetValueOrDefault("connect-timeout")) ?? Seconds(values.GetValueOrDefault("m"));
        switch (exchange.Failure)
        {
            case HttpFailure.Unresolved:
                return await FailAsync(ctx, silent, 6, $"Could not resolve host: {uri.Host}").ConfigureAwait(false);
            case HttpFailure.Refused:
                return await FailAsync(ctx, silent, 7, $"Failed to connect to {uri.Host} port {uri.Port} after 0 ms: Couldn't connect to server").ConfigureAwait(false);
            case HttpFailure.TimedOut when connectTimeout is { } limit:
                await Task.Delay(limit, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
                return await FailAsync(ctx, silent, 28, $"Connection timed out after {(long)limit.TotalMilliseconds + 1} milliseconds").ConfigureAwait(false);
            case HttpFailure.TimedOut:
                return await FailAsync(ctx, silent, 28, $"Failed to connect to {uri.Host} port {uri.Port} after 130000 ms: Connection timed out").ConfigureAwait(false);
            case HttpFailure.EmptyReply:
                return await FailAsync(ctx, silent, 52, "Empty reply from server").ConfigureAwait(false);
        }
        var answer = exchange.Answer!;
        var now = ctx.Time.GetUtcNow();
        if (verbose)
        {
            await ctx.Stderr.WriteAsync($"* Connected to {uri.Host} ({exchange.Ip}) port {uri.Port}\n> {method} {uri.PathAndQuery} HTTP/1.1\n> Host: {uri.Authority}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n").ConfigureAwait(false);
            foreach (var line in exchange.Head(now).Split("\r\n").Where(l => l.Length > 0)) await ctx.Stderr.WriteAsync($"< {line}\n").ConfigureAwait(false);
            await ctx.Stderr.WriteAsync("<\n").ConfigureAwait(false);
        }
        if (flags.Contains("f") && answer.Status >= 400)
            return await FailAsync(ctx, silent, 22, $"The requested URL returned error: {answer.Status}").ConfigureAwait(false);
        var output = head || flags.Contains("i") ? exchange.Head(now) + (head ? "" : answer.Body) : answer.Body;
        if (values.GetValueOrDefault("o") is { } file && file != "-")
        {
            if (file != "/dev/null" && !ctx.Files.Write(ctx.FullPath(file), output))
                return await FailAsync(ctx, silent, 23, $"Failure writing output to destination, passed {output.Length} returned 0").ConfigureAwait(false);
        }
        else await ctx.Stdout.WriteAsync(output).ConfigureAwait(false);
        if (values.GetValueOrDefault("w") is { } format) await ctx.Stdout.WriteAsync(WriteOut(format, exchange)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> FailAsync(ExecContext ctx, bool silent, int code, string message)
    {
        if (!silent) await ctx.Stderr.WriteAsync($"curl: ({code}) {message}\n").ConfigureAwait(false);
        return code;
    }

    /// <summary>Single-letter flags (bundled: -sSf), values keyed without dashes (long names for long options, "o" for -o), and the URLs.</summary>
    private static (HashSet<string> Flags, Dictionary<string, string> Values, List<string> Urls) Parse(List<string> args)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            var eq = a.StartsWith("--", StringComparison.Ordinal) ? a.IndexOf('=') : -1;
            var name = eq > 0 ? a[..eq] : a;
            if (TakesValue.Contains(name))
            {
                var value = eq > 0 ? a[(eq + 1)..] : i + 1 < args.Count ? args[++i] : "";
                values[Key(name)] = value;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                flags.Add(a switch { "--silent" => "s", "--show-error" => "S", "--fail" => "f", "--head" => "I", "--include" => "i", "--verbose" => "v", _ => a });
            }
            else if (a.StartsWith('-') && a.Length > 1)
            {
                for (var j = 1; j < a.Length; j++)
                {
                    var flag = "-" + a[j];
                    if (TakesValue.Contains(flag))
                    {
                        values[Key(flag)] = j + 1 < a.Length ? a[(j + 1)..] : i + 1 < args.Count ? args[++i] : "";
                        break;
                    }
                    flags.Add(a[j].ToString());
                }
            }
            else urls.Add(a);
        }
        return (flags, values, urls);
    }

    private static string Key(string option) => option switch
    {
        "--output" => "o",
        "--write-out" => "w",
        "--request" => "X",
        "--data" or "--data-raw" => "d",
        "--max-time" => "m",
        _ => option.TrimStart('-'),
    };

    private static TimeSpan? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null;

    private static string WriteOut(string format, HttpExchange exchange) => format
        .Replace("%{http_code}", exchange.Answer!.Status.ToString("000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%{response_code}", exchange.Answer.Status.ToString("000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%{remote_ip}", exchange.Ip, StringComparison.Ordinal)
        .Replace("%{remote_port}", exchange.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%{size_download}", System.Text.Encoding.UTF8.GetByteCount(exchange.Answer.Body).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%{content_type}", exchange.Answer.ContentType, StringComparison.Ordinal)
        .Replace("\\n", "\n", StringComparison.Ordinal);
}
