using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>The spec.ports rules of ValidateService: per port, per type, and across ports.</summary>
public static class ServicePortValidation
{
    public const int KubeletPort = 10250;

    /// <summary>The rules that depend on spec.type: ports required, headless NodePort/LB, the kubelet port.</summary>
    public static IEnumerable<FieldError> ValidateTypeSpecific(V1ServiceSpec spec, IList<string> clusterIps)
    {
        var ports = spec.Ports ?? [];
        var headless = ServiceTypes.IsHeadless(spec);
        if (ports.Count == 0 && !headless && spec.Type != ServiceTypes.ExternalName) yield return FieldError.Required("spec.ports");
        if (spec.Type is ServiceTypes.LoadBalancer or ServiceTypes.NodePort && headless)
            yield return FieldError.Invalid("spec.clusterIPs[0]", clusterIps[0], $"may not be set to 'None' for {spec.Type} services");
        if (spec.Type != ServiceTypes.LoadBalancer) yield break;
        for (var i = 0; i < ports.Count; i++)
            if (ports[i].Port == KubeletPort)
                yield return FieldError.Invalid($"spec.ports[{i}]", KubeletPort, $"may not expose port {KubeletPort} externally since it is used by kubelet");
    }

    public static IEnumerable<FieldError> ValidatePorts(V1ServiceSpec spec)
    {
        var ports = spec.Ports ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
            foreach (var e in ValidatePort(ports[i], ports.Count > 1, names, $"spec.ports[{i}]")) yield return e;
    }

    private static IEnumerable<FieldError> ValidatePort(V1ServicePort port, bool requireName, HashSet<string> names, string path)
    {
        var name = port.Name ?? "";
        if (requireName && name.Length == 0) yield return FieldError.Required(path + ".name");
        else if (name.Length > 0)
        {
            foreach (var e in NameValidation.IsDns1123Label(name)) yield return FieldError.Invalid(path + ".name", name, e);
            if (!names.Add(name)) yield return FieldError.Duplicate(path + ".name", name);
        }
        foreach (var e in NameValidation.IsValidPortNum(port.Port)) yield return FieldError.Invalid(path + ".port", port.Port, e);
        foreach (var e in PortValidation.ValidateProtocol(port.Protocol, path + ".protocol")) yield return e;
        foreach (var e in PortValidation.ValidatePortNumOrName(port.TargetPort?.Value, path + ".targetPort")) yield return e;
        if (port.AppProtocol is { } appProtocol)
            foreach (var e in NameValidation.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path + ".appProtocol", appProtocol, e);
    }

    /// <summary>nodePort forbidden on ClusterIP, then duplicate (protocol, nodePort) and (protocol, port) pairs.</summary>
    public static IEnumerable<FieldError> ValidatePortCombinations(V1ServiceSpec spec)
    {
        var ports = spec.Ports ?? [];
        if (spec.Type == ServiceTypes.ClusterIP)
            for (var i = 0; i < ports.Count; i++)
                if (ports[i].NodePort is not (null or 0)) yield return FieldError.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'");

        var nodePorts = new HashSet<(string?, int)>();
        for (var i = 0; i < ports.Count; i++)
            if (ports[i].NodePort is { } nodePort and not 0 && !nodePorts.Add((ports[i].Protocol, nodePort)))
                yield return FieldError.Duplicate($"spec.ports[{i}].nodePort", nodePort);

        var pairs = new HashSet<(string?, int)>();
        for (var i = 0; i < ports.Count; i++)
            if (!pairs.Add((ports[i].Protocol, ports[i].Port)))
                yield return FieldError.Duplicate($"spec.ports[{i}]", new GoServicePortKey(ports[i].Protocol ?? "", ports[i].Port));
    }

    /// <summary>The (protocol, port) key Kubernetes reports, printed as Go's %#v prints a core.ServicePort.</summary>
    private sealed record GoServicePortKey(string Protocol, int Port)
    {
        public override string ToString() =>
            $"core.ServicePort{{Name:\"\", Protocol:\"{Protocol}\", AppProtocol:(*string)(nil), Port:{Port}, " +
            "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
    }
}
