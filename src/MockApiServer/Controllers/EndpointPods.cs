using System.Globalization;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;
using MockApiServer.Resources.Services;

namespace MockApiServer.Controllers;

/// <summary>
/// The pod and service rules both endpoint controllers share (k/k
/// staging/src/k8s.io/endpointslice/util/controller_utils.go and pkg/api/v1/pod FindPort).
/// </summary>
public static class EndpointPods
{
    /// <summary>ShouldPodBeInEndpoints: not terminal, has an IP, and not terminating unless those are included.</summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating)
    {
        if (pod.Status?.Phase is "Succeeded" or "Failed") return false;
        if (string.IsNullOrEmpty(pod.Status?.PodIP) && (pod.Status?.PodIPs is null || pod.Status.PodIPs.Count == 0)) return false;
        return includeTerminating || pod.Metadata.DeletionTimestamp is null;
    }

    /// <summary>IsPodReady: the Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    public static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    /// <summary>status.podIPs, or [podIP] when only the singular field is set (what the v1 conversion makes of it).</summary>
    public static IEnumerable<string> PodIps(V1Pod pod) =>
        pod.Status?.PodIPs is { Count: > 0 } ips ? ips.Select(ip => ip.Ip) : string.IsNullOrEmpty(pod.Status?.PodIP) ? [] : [pod.Status.PodIP];

    public static bool IsIpv6(string ip) => ip.Contains(':');

    /// <summary>The Service's primary family (ipFamilies[0]; else from the clusterIP; else, for headless, from the pod IP).</summary>
    public static bool PrimaryFamilyIsIpv6(V1Service service, V1Pod pod)
    {
        if (service.Spec.IpFamilies is { Count: > 0 } families) return families[0] == "IPv6";
        if (ServiceTypes.IsServiceIpSet(service.Spec)) return IsIpv6(service.Spec.ClusterIP);
        return IsIpv6(pod.Status?.PodIP ?? "");
    }

    /// <summary>ShouldSetHostname: the pod names a hostname and its subdomain is this Service.</summary>
    public static bool ShouldSetHostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec?.Hostname) && pod.Spec.Subdomain == service.Metadata.Name && service.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty;

    /// <summary>
    /// FindPort: a numeric targetPort as is; a named one resolves to the first container port (then
    /// sidecar init container port) of that name and the service port's protocol; null when none.
    /// </summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value ?? "";
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        var protocol = servicePort.Protocol ?? "TCP";
        var containers = (pod.Spec?.Containers ?? []).Concat((pod.Spec?.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"));
        foreach (var container in containers)
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.Name == target && (port.Protocol ?? "TCP") == protocol) return port.ContainerPort;
            }
        }
        return null;
    }

    /// <summary>The selector the controllers act on; null when the Service has none (an empty map behaves as none).</summary>
    public static IDictionary<string, string>? Selector(V1Service service) => service.Spec.Selector is { Count: > 0 } selector ? selector : null;

    /// <summary>A Service selector (equality on every key) against a pod's labels, without allocating: this runs pods × services times.</summary>
    public static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count < selector.Count) return false;
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        return true;
    }

    /// <summary>The pods in the Service's namespace its selector matches.</summary>
    public static IEnumerable<V1Pod> SelectedPods(CacheSnapshot snapshot, ResourceDefinition pods, V1Service service, IDictionary<string, string> selector) =>
        snapshot.WithLabels(pods, service.Metadata.NamespaceProperty, selector).Select(p => (V1Pod)p.Object);

    /// <summary>
    /// The keys of the Services whose selector matches the pod's old or new labels, so a relabel
    /// re-syncs both the Service the pod leaves and the one it joins.
    /// </summary>
    public static IEnumerable<string> ServiceKeysForPod(CacheSnapshot snapshot, ResourceDefinition services, StoredObject? previous, StoredObject? current)
    {
        var pod = (current ?? previous)!.Object;
        var ns = pod.Metadata.NamespaceProperty ?? "";
        var oldLabels = previous?.Object.Metadata.Labels;
        var newLabels = current?.Object.Metadata.Labels;
        // A Service selects the pod only if its selector holds one of the pod's label pairs, so the
        // selector index names every candidate.
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in ObjectIndex.Pairs(oldLabels).Concat(ObjectIndex.Pairs(newLabels)))
        {
            foreach (var stored in snapshot.ByIndex(services, ServiceIndexes.Selector.Name, ns, pair))
            {
                if (!candidates.Add(stored.Name)) continue;
                var selector = Selector((V1Service)stored.Object);
                if (selector is null) continue;
                if ((current is not null && Matches(selector, newLabels)) || (previous is not null && Matches(selector, oldLabels)))
                    yield return Key(ns, stored.Name);
            }
        }
    }

    public static string Key(string ns, string name) => $"{ns}/{name}";

    public static (string Namespace, string Name) SplitKey(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
