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
    /// user's variables and refers to the shared map for the rest. References to ConfigMaps and
    /// Secrets that cannot be resolved are left out (see <see cref="Resolve"/> for the kubelet's error).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(V1Pod pod, V1Container container, IReadOnlyDictionary<string, string> services, IPodConfigLookup? config = null) =>
        Resolve(pod, container, services, config, stopOnError: false).Env;

    /// <summary>
    /// kubelet's makeEnvironmentVariables: <c>envFrom</c> in order (each key with its prefix), then
    /// <c>env</c> (a value with <c>$(VAR)</c> expanded, or its source: field, ConfigMap or Secret key),
    /// then the service variables not defined. A missing ConfigMap, Secret or key that is not
    /// optional is the error the kubelet reports as CreateContainerConfigError.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Env, string? Error) Resolve(V1Pod pod, V1Container container, IReadOnlyDictionary<string, string> services, IPodConfigLookup? config, bool stopOnError = true)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        string? error = null;
        foreach (var from in container.EnvFrom ?? [])
        {
            var (values, missing) = EnvFromValues(from, ns, config);
            if (missing is not null) { error ??= missing; if (stopOnError) return (env, error); continue; }
            foreach (var (k, v) in values) env[(from.Prefix ?? "") + k] = v;
        }
        foreach (var e in container.Env ?? [])
        {
            string? value;
            if (!string.IsNullOrEmpty(e.Value) || e.ValueFrom is null) value = Expand(e.Value ?? "", name => env.GetValueOrDefault(name) ?? services.GetValueOrDefault(name));
            else
            {
                var (resolved, missing) = SourceValue(pod, e.ValueFrom, ns, config);
                if (missing is not null) { error ??= missing; if (stopOnError) return (env, error); continue; }
                value = resolved;
            }
            if (value is not null) env[e.Name] = value;
        }
        return (new LayeredEnvironment(env, services), error);
    }

    private static (IEnumerable<KeyValuePair<string, string>> Values, string? Error) EnvFromValues(V1EnvFromSource from, string ns, IPodConfigLookup? config)
    {
        if (config is null) return ([], null);
        if (from.ConfigMapRef is { } cmRef)
        {
            if (config.ConfigMap(ns, cmRef.Name) is { } cm) return (cm.Data ?? new Dictionary<string, string>(), null);
            return ([], cmRef.Optional == true ? null : $"configmap \"{cmRef.Name}\" not found");
        }
        if (from.SecretRef is { } sRef)
        {
            if (config.Secret(ns, sRef.Name) is { } secret) return ((secret.Data ?? new Dictionary<string, byte[]>()).Select(p => KeyValuePair.Create(p.Key, Encoding.UTF8.GetString(p.Value ?? []))), null);
            return ([], sRef.Optional == true ? null : $"secret \"{sRef.Name}\" not found");
        }
        return ([], null);
    }

    /// <summary>An env var's valueFrom: (value, null), (null, null) when optional and absent, or (null, the kubelet's error).</summary>
    private static (string? Value, string? Error) SourceValue(V1Pod pod, V1EnvVarSource source, string ns, IPodConfigLookup? config)
    {
        if (source.FieldRef?.FieldPath is { } path) return (FieldValue(pod, path), null);
        if (config is null) return (null, null);
        if (source.ConfigMapKeyRef is { } cmKey)
        {
            var optional = cmKey.Optional == true;
            if (config.ConfigMap(ns, cmKey.Name) is not { } cm) return (null, optional ? null : $"configmap \"{cmKey.Name}\" not found");
            if (cm.Data?.TryGetValue(cmKey.Key, out var value) == true) return (value, null);
            return (null, optional ? null : $"couldn't find key {cmKey.Key} in ConfigMap {ns}/{cmKey.Name}");
        }
        if (source.SecretKeyRef is { } sKey)
        {
            var optional = sKey.Optional == true;
            if (config.Secret(ns, sKey.Name) is not { } secret) return (null, optional ? null : $"secret \"{sKey.Name}\" not found");
            if (secret.Data?.TryGetValue(sKey.Key, out var bytes) == true) return (Encoding.UTF8.GetString(bytes ?? []), null);
            return (null, optional ? null : $"couldn't find key {sKey.Key} in Secret {ns}/{sKey.Name}");
        }
        return (null, null);
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
