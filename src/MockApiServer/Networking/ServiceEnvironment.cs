using k8s.Models;

namespace MockApiServer.Networking;

/// <summary>
/// The environment variables the kubelet injects for Services (k/k pkg/kubelet/envvars and
/// kubelet_pods.go getServiceEnvVarMap/makeEnvironmentVariables), and the container env merge
/// with $(VAR) expansion where the user's value wins.
/// </summary>
public static class ServiceEnvironment
{
    /// <summary>
    /// getServiceEnvVarMap: services with a ClusterIP in the pod's namespace (when service links are
    /// enabled) plus default/kubernetes always; a same-named service of the pod's namespace wins.
    /// </summary>
    public static IReadOnlyList<V1Service> Select(IEnumerable<V1Service> services, string podNamespace, bool enableServiceLinks)
    {
        var byName = new Dictionary<string, V1Service>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (service.Spec is null || !ServiceTypes.IsServiceIpSet(service.Spec)) continue;
            var name = service.Metadata.Name;
            if (service.Metadata.NamespaceProperty == "default" && name == "kubernetes") byName.TryAdd(name, service);
            else if (service.Metadata.NamespaceProperty == podNamespace && enableServiceLinks) byName[name] = service;
        }
        return [.. byName.Values.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>envvars.FromServices: the {SVC}_SERVICE_* and Docker-link {SVC}_PORT* variables, in the kubelet's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromServices(IEnumerable<V1Service> services)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var service in services)
        {
            if (service.Spec is null || !ServiceTypes.IsServiceIpSet(service.Spec)) continue;
            var prefix = VariableName(service.Metadata.Name);
            var host = service.Spec.ClusterIP;
            var ports = service.Spec.Ports ?? [];
            result.Add(new($"{prefix}_SERVICE_HOST", host));
            if (ports.Count > 0) result.Add(new($"{prefix}_SERVICE_PORT", ports[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var port in ports.Where(p => !string.IsNullOrEmpty(p.Name)))
                result.Add(new($"{prefix}_SERVICE_PORT_{VariableName(port.Name)}", port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            result.AddRange(LinkVariables(prefix, host, ports));
        }
        return result;
    }

    private static IEnumerable<KeyValuePair<string, string>> LinkVariables(string prefix, string host, IList<V1ServicePort> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol;
            var number = port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var url = $"{protocol.ToLowerInvariant()}://{host}:{number}";
            var linkPrefix = $"{prefix}_PORT_{number}_{protocol.ToUpperInvariant()}";
            if (i == 0) yield return new($"{prefix}_PORT", url);
            yield return new(linkPrefix, url);
            yield return new($"{linkPrefix}_PROTO", protocol.ToLowerInvariant());
            yield return new($"{linkPrefix}_PORT", number);
            yield return new($"{linkPrefix}_ADDR", host);
        }
    }

    public static string VariableName(string name) => name.ToUpperInvariant().Replace('-', '_');
}
