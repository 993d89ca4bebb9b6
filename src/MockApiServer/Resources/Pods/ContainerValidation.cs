using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Pods;

/// <summary>validateContainers / validateInitContainers / validateContainerCommon (k/k core validation).</summary>
public static class ContainerValidation
{
    /// <summary>Regular containers (required, unique names) then init containers (unique across both lists).</summary>
    public static IEnumerable<FieldError> ValidateContainers(V1PodSpec spec, string path)
    {
        var containers = spec.Containers ?? [];
        var hostNetwork = spec.HostNetwork == true;
        if (containers.Count == 0)
        {
            yield return FieldError.Required(path + ".containers");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in ValidateList(containers, path + ".containers", names, hostNetwork)) yield return e;
        }

        var initNames = new HashSet<string>(containers.Select(c => c.Name ?? ""), StringComparer.Ordinal);
        foreach (var e in ValidateList(spec.InitContainers ?? [], path + ".initContainers", initNames, hostNetwork)) yield return e;

        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in HostPortConflicts(containers, path + ".containers", hostPorts)) yield return e;
        foreach (var e in HostPortConflicts(spec.InitContainers ?? [], path + ".initContainers", hostPorts)) yield return e;
    }

    private static IEnumerable<FieldError> ValidateList(IList<V1Container> containers, string path, HashSet<string> names, bool hostNetwork)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var ctrPath = $"{path}[{i}]";
            foreach (var e in ValidateContainer(containers[i], ctrPath, hostNetwork)) yield return e;
            if (!names.Add(containers[i].Name ?? "")) yield return FieldError.Duplicate(ctrPath + ".name", containers[i].Name ?? "");
        }
    }

    private static IEnumerable<FieldError> ValidateContainer(V1Container ctr, string path, bool hostNetwork)
    {
        var name = ctr.Name ?? "";
        if (name.Length == 0) yield return FieldError.Required(path + ".name");
        else foreach (var e in NameValidation.IsDns1123Label(name)) yield return FieldError.Invalid(path + ".name", name, e);
        if (string.IsNullOrEmpty(ctr.Image)) yield return FieldError.Required(path + ".image");

        foreach (var e in OneOf(ctr.TerminationMessagePolicy, path + ".terminationMessagePolicy", ["File", "FallbackToLogsOnError"])) yield return e;
        foreach (var e in ValidatePorts(ctr.Ports ?? [], path + ".ports", hostNetwork)) yield return e;
        foreach (var e in ValidateEnv(ctr.Env ?? [], path + ".env")) yield return e;
        foreach (var e in OneOf(ctr.ImagePullPolicy, path + ".imagePullPolicy", ["Always", "IfNotPresent", "Never"])) yield return e;
    }

    private static IEnumerable<FieldError> ValidatePorts(IList<V1ContainerPort> ports, string path, bool hostNetwork)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var portPath = $"{path}[{i}]";
            if (!string.IsNullOrEmpty(port.Name))
            {
                var nameErrors = NameValidation.IsValidPortName(port.Name);
                foreach (var e in nameErrors) yield return FieldError.Invalid(portPath + ".name", port.Name, e);
                if (nameErrors.Count == 0 && !names.Add(port.Name)) yield return FieldError.Duplicate(portPath + ".name", port.Name);
            }
            if (port.ContainerPort == 0) yield return FieldError.Required(portPath + ".containerPort");
            else foreach (var e in NameValidation.IsValidPortNum(port.ContainerPort)) yield return FieldError.Invalid(portPath + ".containerPort", port.ContainerPort, e);
            if (port.HostPort is { } hostPort and not 0)
                foreach (var e in NameValidation.IsValidPortNum(hostPort)) yield return FieldError.Invalid(portPath + ".hostPort", hostPort, e);
            foreach (var e in PortValidation.ValidateProtocol(port.Protocol, portPath + ".protocol")) yield return e;
            if (hostNetwork && port.HostPort is { } hp and not 0 && hp != port.ContainerPort)
                yield return FieldError.Invalid(portPath + ".hostPort", hp, "must match `containerPort` when `hostNetwork` is true");
        }
    }

    /// <summary>RelaxedEnvironmentVariableValidation (GA in 1.32): printable ASCII except '='.</summary>
    private static IEnumerable<FieldError> ValidateEnv(IList<V1EnvVar> env, string path)
    {
        for (var i = 0; i < env.Count; i++)
        {
            var name = env[i].Name ?? "";
            var namePath = $"{path}[{i}].name";
            if (name.Length == 0)
            {
                yield return FieldError.Required(namePath);
                yield return FieldError.Invalid(namePath, name, "environment variable name must be non-empty");
            }
            if (name.Any(c => c is < ' ' or > '~' or '='))
                yield return FieldError.Invalid(namePath, name, "a valid environment variable name must consist only of printable ASCII characters other than '='");
        }
    }

    private static IEnumerable<FieldError> HostPortConflicts(IList<V1Container> containers, string path, HashSet<string> seen)
    {
        for (var c = 0; c < containers.Count; c++)
        {
            var ports = containers[c].Ports ?? [];
            for (var p = 0; p < ports.Count; p++)
            {
                if (ports[p].HostPort is not { } hostPort || hostPort == 0) continue;
                var key = $"{ports[p].HostIP}/{ports[p].Protocol}/{hostPort}";
                if (!seen.Add(key)) yield return FieldError.Duplicate($"{path}[{c}].ports[{p}].hostPort", key);
            }
        }
    }

    /// <summary>An enum field: Required when empty, Unsupported (in Kubernetes' listing order) when unknown.</summary>
    public static IEnumerable<FieldError> OneOf(string? value, string path, string[] supported)
    {
        if (string.IsNullOrEmpty(value)) yield return FieldError.Required(path);
        else if (!supported.Contains(value)) yield return FieldError.NotSupportedInOrder(path, value, supported);
    }
}
