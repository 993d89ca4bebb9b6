using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Runtime;

/// <summary>Finding a pod's containers as the apiserver and kubelet do for logs and exec.</summary>
public static class PodContainers
{
    public static V1Container? Find(V1Pod pod, string name) =>
        pod.Spec?.Containers?.FirstOrDefault(c => c.Name == name) ?? pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == name);

    public static V1ContainerStatus? Status(V1Pod pod, string name) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == name) ?? pod.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == name);

    /// <summary>The container a request names, or the only one (apiserver's validateContainer).</summary>
    /// <exception cref="ApiException">400 when none is named and there are several, or the name is unknown.</exception>
    public static string Resolve(V1Pod pod, string? requested)
    {
        var name = pod.Metadata.Name;
        var containers = pod.Spec?.Containers ?? [];
        if (!string.IsNullOrEmpty(requested))
        {
            return Find(pod, requested) is not null
                ? requested
                : throw StatusErrors.BadRequest($"container {requested} is not valid for pod {name}");
        }
        switch (containers.Count)
        {
            case 1: return containers[0].Name;
            case 0: throw StatusErrors.BadRequest($"a container name must be specified for pod {name}");
        }
        var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers.Select(c => c.Name))}]";
        if (pod.Spec?.InitContainers is { Count: > 0 } init)
            message += $" or one of the init containers: [{string.Join(" ", init.Select(c => c.Name))}]";
        throw StatusErrors.BadRequest(message);
    }

    /// <summary>spec.hostname, else the pod name cut to 63 characters (kubelet's GeneratePodHostNameAndDomain).</summary>
    public static string Hostname(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.Hostname)) return pod.Spec.Hostname;
        var name = pod.Metadata.Name;
        return name.Length <= 63 ? name : name[..63].TrimEnd('-', '.');
    }

    /// <summary>"&lt;subdomain&gt;.&lt;ns&gt;.svc.&lt;clusterDomain&gt;" when spec.subdomain is set, else null.</summary>
    public static string? HostDomain(V1Pod pod, string clusterDomain) =>
        string.IsNullOrEmpty(pod.Spec?.Subdomain) ? null : $"{pod.Spec.Subdomain}.{pod.Metadata.NamespaceProperty}.svc.{clusterDomain}";
}
