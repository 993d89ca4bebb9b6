using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>The indexes the cache keeps for pods: by label (as every kind), by the node they are bound to, and by IP.</summary>
public static class PodIndexes
{
    /// <summary>Pods by spec.nodeName across namespaces: what a kubelet and the scheduler's node view read.</summary>
    public static readonly ObjectIndex NodeName = new("spec.nodeName",
        o => ((V1Pod)o).Spec?.NodeName is { Length: > 0 } node ? [node] : [], AcrossNamespaces: true);

    /// <summary>Pods by their IPs (status.podIPs) across namespaces: where a connection to a pod IP lands. Host-network pods file under their node's IP.</summary>
    public static readonly ObjectIndex PodIp = new("status.podIP",
        o => ((V1Pod)o).Status?.PodIPs is { Count: > 0 } ips ? ips.Select(i => i.Ip) : ((V1Pod)o).Status?.PodIP is { Length: > 0 } ip ? [ip] : [], AcrossNamespaces: true);

    public static readonly IReadOnlyList<ObjectIndex> All = [.. ObjectIndex.Default, NodeName, PodIp];
}
