namespace MockApiServer.Runtime.Commands;

/// <summary><c>hostname</c>; <c>-i</c> prints the pod's addresses, <c>-f</c> the FQDN when the pod has a subdomain.</summary>
public sealed class HostnameCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["hostname"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        var flag = ctx.Args.Count > 1 ? ctx.Args[1] : null;
        var text = flag switch
        {
            "-i" or "--ip-address" => string.Join(" ", ctx.Pod.Status?.PodIPs?.Select(p => p.Ip) ?? (ctx.Pod.Status?.PodIP is { } ip ? [ip] : [])),
            "-f" or "--fqdn" or "--long" => PodContainers.HostDomain(ctx.Pod, ctx.ClusterDomain) is { } domain ? $"{ctx.Container.Hostname}.{domain}" : ctx.Container.Hostname,
            _ => ctx.Container.Hostname,
        };
        await ctx.Stdout.WriteAsync(text + "\n").ConfigureAwait(false);
        return 0;
    }
}
