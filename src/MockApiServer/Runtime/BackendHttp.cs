using System.Text;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.Pods;
using MockApiServer.Runtime.Commands;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime;

/// <summary>
/// What the API server's proxy got back: the backend's answer, or the transport's error in the
/// words of Go's net/http (<c>dial tcp 10.244.1.5:81: connect: connection refused</c>, <c>EOF</c>).
/// </summary>
public sealed record BackendReply(HttpAnswer? Answer, string? TransportError);

/// <summary>
/// One HTTP request from the API server into the cluster, as pods/proxy, services/proxy and
/// nodes/proxy send it: straight to an address (the API server dials the endpoint it chose, no
/// Service rules), answered by the listener's image (<see cref="ImageHttp"/>) or, on a node's
/// kubelet port, by the kubelet's own server. Only the kubelet speaks TLS: plain HTTP to it gets
/// Go's 400, TLS to a plain-HTTP server the handshake error.
/// </summary>
public sealed class BackendHttp(ResourceStore store, PodNetwork network, ExecCommandRegistry commands, TimeProvider time)
{
    private const string NotTls = "tls: first record does not look like a TLS handshake";

    /// <remarks><c>client</c>: The API server's "ip:port" as the backend sees it.</remarks>
    public BackendReply Send(string scheme, string ip, int port, string method, string pathAndQuery, string client)
    {
        if (KubeletOf(ip, port) is { } node)
            return scheme == "https" ? new BackendReply(Kubelet(node, method, pathAndQuery), null)
                : new BackendReply(new HttpAnswer(400, "Bad Request", "", "Client sent an HTTP request to an HTTPS server.\n", ""), null);
        var address = ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}";
        var connection = network.Reach(ip, port, "TCP", commands);
        if (connection.Outcome == ConnectOutcome.Refused) return new BackendReply(null, $"dial tcp {address}: connect: connection refused");
        if (connection.Outcome == ConnectOutcome.TimedOut) return new BackendReply(null, $"dial tcp {address}: i/o timeout");
        if (scheme == "https") return new BackendReply(null, NotTls);
        var answer = ImageHttp.Answer(connection.Listener!, method, pathAndQuery, PodContainers.Hostname(connection.Pod!), client, time.GetUtcNow());
        return answer is null ? new BackendReply(null, "EOF") : new BackendReply(answer, null);
    }

    /// <summary>The node whose kubelet serves ip:port (its address and status.daemonEndpoints.kubeletEndpoint.port).</summary>
    private V1Node? KubeletOf(string ip, int port) =>
        store.Snapshot.List(store.Registry.Get("", "nodes"), null).Select(o => (V1Node)o.Object)
            .FirstOrDefault(n => n.Status?.DaemonEndpoints?.KubeletEndpoint?.Port == port && (n.Status.Addresses ?? []).Any(a => a.Address == ip));

    /// <summary>The kubelet's read-only handlers a proxy reaches: /healthz and /pods (the pods bound to the node, as a PodList).</summary>
    private HttpAnswer Kubelet(V1Node node, string method, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        if (method is not ("GET" or "HEAD") && path is "/healthz" or "/pods")
            return new HttpAnswer(405, "Method Not Allowed", "text/plain; charset=utf-8", "405: Method Not Allowed\n", "");
        return path switch
        {
            "/healthz" => new HttpAnswer(200, "OK", "text/plain; charset=utf-8", "ok", ""),
            "/pods" or "/pods/" => new HttpAnswer(200, "OK", "application/json", NodePods(node.Metadata.Name), ""),
            _ => new HttpAnswer(404, "Not Found", "text/plain; charset=utf-8", "404 page not found\n", ""),
        };
    }

    private string NodePods(string node)
    {
        var pods = store.Snapshot.ByIndex(store.Registry.Get("", "pods"), PodIndexes.NodeName.Name, "", node).Select(o => (V1Pod)o.Object).ToList();
        var list = new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new V1ListMeta(), Items = pods };
        return Encoding.UTF8.GetString(KubeJson.SerializeToUtf8Bytes(list));
    }
}
