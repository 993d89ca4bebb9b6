using k8s.Models;
using MockApiServer.Runtime.Commands;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime;

/// <summary>One probe's result, with the kubelet prober's message when it failed.</summary>
public sealed record ProbeResult(bool Success, string Message = "");

/// <summary>
/// Runs one probe against a running container as the kubelet's prober does: <c>exec</c> runs the
/// command in the container (success is exit 0; the output is the message), <c>httpGet</c> asks the
/// container's listener (2xx and 3xx succeed), <c>tcpSocket</c> and <c>grpc</c> succeed when the port
/// accepts. Each is bounded by timeoutSeconds on the clock. The messages are the kubelet's.
/// </summary>
public sealed class ContainerProber(PodNetwork network, ContainerContexts contexts, IContainerRuntime runtime, TimeProvider time)
{
    public async Task<ProbeResult> ProbeAsync(V1Pod pod, V1Container container, V1Probe probe, ExecCommandRegistry commands, CancellationToken cancellation)
    {
        var ip = pod.Status?.PodIP ?? "";
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        if (probe.Exec?.Command is { Count: > 0 } command) return await ExecAsync(pod, container, command, commands, timeout, cancellation).ConfigureAwait(false);
        if (probe.HttpGet is { } http)
        {
            var port = Port(http.Port, container);
            var scheme = (http.Scheme ?? "HTTP").ToLowerInvariant();
            var path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path.StartsWith('/') ? http.Path : "/" + http.Path;
            var url = $"{scheme}://{(string.IsNullOrEmpty(http.Host) ? ip : http.Host)}:{port}{path}";
            var connection = network.Reach(ip, port, "TCP", commands);
            if (connection.Outcome != ConnectOutcome.Connected) return new ProbeResult(false, $"Get \"{url}\": {DialError(ip, port, connection.Outcome)}");
            var answer = ImageHttp.Answer(connection.Listener!, "GET", path, PodContainers.Hostname(pod), $"{NodeIp(pod)}:{45000 + (port & 0xfff)}", time.GetUtcNow());
            if (answer is null) return new ProbeResult(false, $"Get \"{url}\": EOF");
            return answer.Status is >= 200 and < 400 ? new ProbeResult(true) : new ProbeResult(false, $"HTTP probe failed with statuscode: {answer.Status}");
        }
        if (probe.TcpSocket is { } tcp)
        {
            var port = Port(tcp.Port, container);
            var connection = network.Reach(ip, port, "TCP", commands);
            return connection.Outcome == ConnectOutcome.Connected ? new ProbeResult(true) : new ProbeResult(false, DialError(ip, port, connection.Outcome));
        }
        if (probe.Grpc is { } grpc)
        {
            var connection = network.Reach(ip, grpc.Port, "TCP", commands);
            return connection.Outcome == ConnectOutcome.Connected
                ? new ProbeResult(true)
                : new ProbeResult(false, $"timeout: failed to connect service \"{ip}:{grpc.Port}\" within {timeout.TotalSeconds:0}s: context deadline exceeded");
        }
        return new ProbeResult(true);
    }

    private async Task<ProbeResult> ExecAsync(V1Pod pod, V1Container container, IList<string> command, ExecCommandRegistry commands, TimeSpan timeout, CancellationToken cancellation)
    {
        if (runtime.Find(pod, container.Name) is not { } state) return new ProbeResult(false, "container not found");
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellation);
        var output = new StringWriter();
        var ctx = contexts.Create(pod, container.Name, state, [.. command], commands, TextReader.Null, output, output, linked.Token);
        try
        {
            var code = await commands.RunAsync(ctx).ConfigureAwait(false);
            return code == 0 ? new ProbeResult(true, output.ToString()) : new ProbeResult(false, output.ToString().TrimEnd('\n'));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return new ProbeResult(false, $"command \"{string.Join(' ', command)}\" timed out");
        }
    }

    private static string DialError(string ip, int port, ConnectOutcome outcome) => outcome == ConnectOutcome.Refused
        ? $"dial tcp {ip}:{port}: connect: connection refused"
        : $"dial tcp {ip}:{port}: i/o timeout";

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    private static int Port(IntOrString port, V1Container container) =>
        int.TryParse(port.Value, out var number) ? number : container.Ports?.FirstOrDefault(p => p.Name == port.Value)?.ContainerPort ?? 0;

    private static string NodeIp(V1Pod pod) => pod.Status?.HostIP ?? "";
}
