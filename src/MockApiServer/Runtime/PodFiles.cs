using System.Text;
using k8s.Models;
using MockApiServer.Networking.Dns;

namespace MockApiServer.Runtime;

/// <summary>
/// The files the kubelet writes into every container: /etc/hosts, /etc/resolv.conf and /etc/hostname;
/// <c>clusterDomain</c> is the kubelet's --cluster-domain.
/// </summary>
public static class PodFiles
{
    /// <summary>kubelet's managedHostsFileContent.</summary>
    public static string Hosts(V1Pod pod, string clusterDomain)
    {
        var sb = new StringBuilder();
        sb.Append("# Kubernetes-managed hosts file.\n");
        sb.Append("127.0.0.1\tlocalhost\n");
        sb.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        sb.Append("fe00::0\tip6-localnet\n");
        sb.Append("fe00::0\tip6-mcastprefix\n");
        sb.Append("fe00::1\tip6-allnodes\n");
        sb.Append("fe00::2\tip6-allrouters\n");
        var hostname = PodContainers.Hostname(pod);
        var domain = PodContainers.HostDomain(pod, clusterDomain);
        foreach (var ip in PodIps(pod))
            sb.Append(domain is null ? $"{ip}\t{hostname}\n" : $"{ip}\t{hostname}.{domain}\t{hostname}\n");
        if (pod.Spec?.HostAliases is { Count: > 0 } aliases)
        {
            sb.Append("\n# Entries added by HostAliases.\n");
            foreach (var a in aliases) sb.Append($"{a.Ip}\t{string.Join("\t", a.Hostnames ?? [])}\n");
        }
        return sb.ToString();
    }

    public static string Hostname(V1Pod pod) => PodContainers.Hostname(pod) + "\n";

    /// <summary>The content of a file the kubelet manages, null for any other path.</summary>
    public static string? Read(V1Pod pod, string path, ResolvConf resolvConf, string clusterDomain) => path switch
    {
        "/etc/hosts" => Hosts(pod, clusterDomain),
        "/etc/resolv.conf" => resolvConf.Render(),
        "/etc/hostname" => Hostname(pod),
        "/dev/null" => "",
        _ => null,
    };

    private static IEnumerable<string> PodIps(V1Pod pod)
    {
        if (pod.Status?.PodIPs is { Count: > 0 } ips) return ips.Select(i => i.Ip);
        return string.IsNullOrEmpty(pod.Status?.PodIP) ? [] : [pod.Status.PodIP];
    }
}
