using System.Globalization;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// busybox's <c>nc [-z] [-v] [-u] [-w SEC] HOST PORT</c>: with -z only whether the port accepts
/// (exit 0) or not (1); without it, what it reads from stdin is sent and the server's answer
/// printed — an HTTP request gets the container's HTTP response, redis answers PING.
/// </summary>
public sealed class NcCommand(PodHttp http) : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["nc", "netcat"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var args = ctx.Args.Skip(1).ToList();
        var (scan, verbose, udp) = (false, false, false);
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith('-') && a.Length > 1)
            {
                foreach (var f in a[1..])
                {
                    if (f == 'z') scan = true;
                    else if (f == 'v') verbose = true;
                    else if (f == 'u') udp = true;
                    else if (f is 'w' or 'W' && i + 1 < args.Count && a.EndsWith(f)) i++;
                }
            }
            else positional.Add(a);
        }
        if (positional.Count < 2 || !int.TryParse(positional[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            await ctx.Stderr.WriteAsync("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n").ConfigureAwait(false);
            return 1;
        }
        var host = positional[0];
        if (http.Resolve(ctx, host) is not { } ip)
        {
            await ctx.Stderr.WriteAsync($"nc: bad address '{host}'\n").ConfigureAwait(false);
            return 1;
        }
        var connection = http.Connect(ctx, ip, port, udp ? "UDP" : "TCP");
        if (connection.Outcome != ConnectOutcome.Connected)
        {
            await ctx.Stderr.WriteAsync(connection.Outcome == ConnectOutcome.Refused
                ? $"nc: {host} ({ip}:{port}): Connection refused\n"
                : $"nc: {host} ({ip}:{port}): Connection timed out\n").ConfigureAwait(false);
            return 1;
        }
        if (verbose) await ctx.Stderr.WriteAsync($"{host} ({ip}:{port}) open\n").ConfigureAwait(false);
        if (scan) return 0;
        var input = await ctx.Stdin.ReadToEndAsync(ctx.Cancellation).ConfigureAwait(false);
        var request = input.Split('\n')[0].TrimEnd('\r').Split(' ');
        if (request is [var method, var path, var version] && version.StartsWith("HTTP/", StringComparison.Ordinal)
            && Uri.TryCreate($"http://{host}:{port}{path}", UriKind.Absolute, out var uri) && http.Send(ctx, uri, method) is { Answer: { } answer } exchange)
            await ctx.Stdout.WriteAsync(exchange.Head(ctx.Time.GetUtcNow()) + (method == "HEAD" ? "" : answer.Body)).ConfigureAwait(false);
        else if (connection.Listener?.Kind == ServerKind.Redis && input.Trim().Equals("PING", StringComparison.OrdinalIgnoreCase))
            await ctx.Stdout.WriteAsync("+PONG\r\n").ConfigureAwait(false);
        return 0;
    }
}
