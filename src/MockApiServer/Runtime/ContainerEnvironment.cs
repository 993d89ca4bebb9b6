using System.Text;
using k8s.Models;

namespace MockApiServer.Runtime;

/// <summary>
/// A container's environment as the kubelet builds it (makeEnvironmentVariables): the user's
/// <c>env</c> in order, with <c>$(VAR)</c> expanded and downward-API field references resolved,
/// then the service variables for names the user did not define.
/// </summary>
public static class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, string> Build(V1Pod pod, V1Container container, IEnumerable<KeyValuePair<string, string>> serviceVariables) =>
        Build(pod, container, ServiceVariables(serviceVariables));

    /// <summary>
    /// The same, over a map of service variables the caller shares between containers (a kubelet
    /// starting many pods against the same Services builds it once): the result holds only the
    /// user's variables and refers to the shared map for the rest.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(V1Pod pod, V1Container container, IReadOnlyDictionary<string, string> services)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in container.Env ?? [])
        {
            var value = e.ValueFrom is null ? Expand(e.Value ?? "", name => env.GetValueOrDefault(name) ?? services.GetValueOrDefault(name)) : FieldValue(pod, e.ValueFrom);
            if (value is not null) env[e.Name] = value;
        }
        return new LayeredEnvironment(env, services);
    }

    /// <summary>Service variables as a map, a later duplicate winning (as the kubelet's map assignment).</summary>
    public static IReadOnlyDictionary<string, string> ServiceVariables(IEnumerable<KeyValuePair<string, string>> serviceVariables)
    {
        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in serviceVariables) services[k] = v;
        return services;
    }

    /// <summary>Kubernetes' expansion: <c>$(VAR)</c> when VAR is known, <c>$$</c> escapes, anything else stays as written.</summary>
    public static string Expand(string value, Func<string, string?> lookup)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 >= value.Length) { sb.Append(value[i]); continue; }
            if (value[i + 1] == '$') { sb.Append('$'); i++; continue; }
            var close = value[i + 1] == '(' ? value.IndexOf(')', i + 2) : -1;
            if (close < 0) { sb.Append(value[i]); continue; }
            var name = value[(i + 2)..close];
            if (lookup(name) is { } found) sb.Append(found); else sb.Append(value, i, close - i + 1);
            i = close;
        }
        return sb.ToString();
    }

    private static string? FieldValue(V1Pod pod, V1EnvVarSource source) =>
        source.FieldRef?.FieldPath is { } path ? FieldValue(pod, path) : null;

    /// <summary>The downward API fields an env var's fieldRef may name.</summary>
    public static string? FieldValue(V1Pod pod, string path) => path switch
    {
        "metadata.name" => pod.Metadata.Name,
        "metadata.namespace" => pod.Metadata.NamespaceProperty,
        "metadata.uid" => pod.Metadata.Uid,
        "spec.nodeName" => pod.Spec?.NodeName,
        "spec.serviceAccountName" => pod.Spec?.ServiceAccountName,
        "status.hostIP" => pod.Status?.HostIP,
        "status.hostIPs" => string.Join(",", (pod.Status?.HostIPs ?? []).Select(i => i.Ip)),
        "status.podIP" => pod.Status?.PodIP,
        "status.podIPs" => string.Join(",", (pod.Status?.PodIPs ?? []).Select(i => i.Ip)),
        _ when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => Lookup(pod.Metadata.Labels, Key(path)),
        _ when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => Lookup(pod.Metadata.Annotations, Key(path)),
        _ => null,
    };

    private static string Lookup(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : "";

    private static string Key(string path) => path[(path.IndexOf("['", StringComparison.Ordinal) + 2)..path.LastIndexOf("']", StringComparison.Ordinal)];
}
