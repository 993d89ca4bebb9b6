using MockApiServer.Networking.Routing;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime.Commands;

public enum HttpFailure
{
    None,
    Unresolved,
    Refused,
    TimedOut,

    /// <summary>Connected to a server that does not speak HTTP: it closes without a reply.</summary>
    EmptyReply,
}

/// <summary>One HTTP request from inside a pod: how far it got and, when answered, the response.</summary>
public sealed record HttpExchange(HttpFailure Failure, string Host, int Port, string? Ip, Connection? Connection, HttpAnswer? Answer)
{
    /// <summary>The status line and headers as the server sends them (CRLF line ends, a blank line at the end).</summary>
    public string Head(DateTimeOffset now) => Answer!.Head(now);
}

/// <summary>
/// HTTP as curl, wget and nc inside a pod do it: the host resolved through the pod's resolv.conf,
/// the connection through the <see cref="PodNetwork"/>, the answer from the serving container's
/// image (<see cref="ImageHttp"/>).
/// </summary>
public sealed class PodHttp(PodDnsLookup dns, PodNetwork network)
{
    public HttpExchange Send(ExecContext ctx, Uri uri, string method)
    {
        var (ip, _) = dns.FirstAddress(ctx, uri.Host);
        if (ip is null) return new HttpExchange(HttpFailure.Unresolved, uri.Host, uri.Port, null, null, null);
        var connection = Connect(ctx, ip, uri.Port);
        if (connection.Outcome != ConnectOutcome.Connected)
            return new HttpExchange(connection.Outcome == ConnectOutcome.Refused ? HttpFailure.Refused : HttpFailure.TimedOut, uri.Host, uri.Port, ip, connection, null);
        var client = $"{ctx.Pod.Status?.PodIP ?? "127.0.0.1"}:{40000 + (uri.GetHashCode() & 0x3fff)}";
        var answer = ImageHttp.Answer(connection.Listener!, method, uri.PathAndQuery, PodContainers.Hostname(connection.Pod!), client, ctx.Time.GetUtcNow());
        return new HttpExchange(answer is null ? HttpFailure.EmptyReply : HttpFailure.None, uri.Host, uri.Port, ip, connection, answer);
    }

    /// <summary>A TCP (or UDP) connection from this pod to an address.</summary>
    public Connection Connect(ExecContext ctx, string ip, int port, string protocol = "TCP") =>
        network.Connect(new RouteSource(ctx.Pod.Status?.PodIP, ctx.Pod.Spec?.NodeName, IsPod: true), ip, port, ctx.Commands, protocol);

    /// <summary>The first address of a name as the pod resolves it (an IP literal answers itself).</summary>
    public string? Resolve(ExecContext ctx, string host) => dns.FirstAddress(ctx, host).Ip;
}
