using MockApiServer.Networking.Routing;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// <c>curl http://NAME[:PORT]/PATH</c> from inside the pod: the name is resolved with the pod's
/// search path, the connection follows the kube-proxy model, and the "response" says which pod
/// served it. Failures exit with curl's codes: 6 unresolved, 7 refused (no endpoints or no such
/// address), 28 dropped (timeout).
/// </summary>
public sealed class CurlCommand(PodDnsLookup dns, RouteResolver routes) : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["curl"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var target = ctx.Args.Skip(1).LastOrDefault(a => !a.StartsWith('-'));
        if (target is null || !Uri.TryCreate(target.Contains("://", StringComparison.Ordinal) ? target : "http://" + target, UriKind.Absolute, out var uri))
        {
            await ctx.Stderr.WriteAsync("curl: (3) URL rejected: Malformed input to a URL function\n").ConfigureAwait(false);
            return 3;
        }
        var (ip, _) = dns.FirstAddress(ctx, uri.Host);
        if (ip is null)
        {
            await ctx.Stderr.WriteAsync($"curl: (6) Could not resolve host: {uri.Host}\n").ConfigureAwait(false);
            return 6;
        }
        var source = new RouteSource(ctx.Pod.Status?.PodIP, ctx.Pod.Spec?.NodeName, IsPod: true);
        var result = routes.Resolve(source, ip, uri.Port);
        switch (result.Outcome)
        {
            case RouteOutcome.Routed when result.Chosen is { } chosen:
                await ctx.Stdout.WriteAsync(
                    $"Hello from {chosen.PodName ?? chosen.Ip} ({chosen.Address}) on {chosen.NodeName ?? "?"}: {uri.PathAndQuery} via {result.Frontend?.Route.Name}\n").ConfigureAwait(false);
                return 0;
            case RouteOutcome.NoLocalEndpoints or RouteOutcome.Firewalled:
                await ctx.Stderr.WriteAsync($"curl: (28) Failed to connect to {uri.Host} port {uri.Port} after 130000 ms: Connection timed out\n").ConfigureAwait(false);
                return 28;
            default:
                await ctx.Stderr.WriteAsync($"curl: (7) Failed to connect to {uri.Host} port {uri.Port} after 0 ms: Couldn't connect to server\n").ConfigureAwait(false);
                return 7;
        }
    }
}
