using System.Globalization;
using k8s.Models;

namespace MockApiServer.Runtime;

/// <summary>
/// The variables the kubelet injects for one Service (envvars.FromServices): the
/// <c>{SVC}_SERVICE_*</c> set and the Docker-link <c>{SVC}_PORT*</c> set. Headless and
/// ExternalName services give none.
/// </summary>
public static class ServiceEnvironment
{
    public static IEnumerable<KeyValuePair<string, string>> Variables(V1Service service)
    {
        var ip = service.Spec?.ClusterIP;
        var ports = service.Spec?.Ports;
        if (string.IsNullOrEmpty(ip) || ip == "None" || ports is not { Count: > 0 }) yield break;
        var prefix = VariableName(service.Metadata.Name);
        var first = ports[0];
        yield return new($"{prefix}_SERVICE_HOST", ip);
        yield return new($"{prefix}_SERVICE_PORT", Port(first));
        foreach (var p in ports.Where(p => !string.IsNullOrEmpty(p.Name)))
            yield return new($"{prefix}_SERVICE_PORT_{VariableName(p.Name)}", Port(p));
        yield return new($"{prefix}_PORT", Url(first, ip));
        foreach (var p in ports)
        {
            var proto = (p.Protocol ?? "TCP").ToUpperInvariant();
            var link = $"{prefix}_PORT_{Port(p)}_{proto}";
            yield return new(link, Url(p, ip));
            yield return new($"{link}_PROTO", proto.ToLowerInvariant());
            yield return new($"{link}_PORT", Port(p));
            yield return new($"{link}_ADDR", ip);
        }
    }

    /// <summary>"redis-master" → "REDIS_MASTER".</summary>
    public static string VariableName(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static string Port(V1ServicePort p) => p.Port.ToString(CultureInfo.InvariantCulture);

    private static string Url(V1ServicePort p, string ip) => $"{(p.Protocol ?? "TCP").ToLowerInvariant()}://{ip}:{Port(p)}";
}
