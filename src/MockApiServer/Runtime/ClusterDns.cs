using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Runtime;

/// <summary>The cluster DNS server the kubelet gives every pod: the kube-dns Service's address (the domain is --cluster-domain, <see cref="Networking.Dns.DnsOptions"/>).</summary>
public static class ClusterDns
{
    /// <summary>The ClusterIP of kube-system/kube-dns, null when that Service is absent.</summary>
    public static string? NameserverIp(ResourceStore store) =>
        store.TryGet(store.Registry.Get("", "services"), "kube-system", "kube-dns")?.Object is V1Service { Spec: { } spec } && ServiceTypes.IsServiceIpSet(spec)
            ? spec.ClusterIP
            : null;
}
