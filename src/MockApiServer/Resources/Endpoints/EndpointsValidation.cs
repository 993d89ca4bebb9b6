using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Endpoints;

/// <summary>validateEndpointSubsets: addresses are usable IPs, ports valid, names DNS-1123 labels.</summary>
public static class EndpointsValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(V1Endpoints endpoints)
    {
        var subsets = endpoints.Subsets ?? [];
        return [.. subsets.SelectMany((subset, i) => ValidateSubset(subset, $"subsets[{i}]"))];
    }

    private static IEnumerable<FieldError> ValidateSubset(V1EndpointSubset subset, string path)
    {
        var addresses = subset.Addresses ?? [];
        var notReady = subset.NotReadyAddresses ?? [];
        var ports = subset.Ports ?? [];
        if (addresses.Count == 0 && notReady.Count == 0) yield return FieldError.Required(path, "must specify `addresses` or `notReadyAddresses`");
        for (var i = 0; i < addresses.Count; i++)
            foreach (var e in ValidateAddress(addresses[i], $"{path}.addresses[{i}]")) yield return e;
        for (var i = 0; i < notReady.Count; i++)
            foreach (var e in ValidateAddress(notReady[i], $"{path}.notReadyAddresses[{i}]")) yield return e;
        for (var i = 0; i < ports.Count; i++)
            foreach (var e in ValidatePort(ports[i], ports.Count > 1, $"{path}.ports[{i}]")) yield return e;
    }

    // Kubernetes runs both IsValidIP and ValidateEndpointIP, so a malformed IP reports two causes.
    private static IEnumerable<FieldError> ValidateAddress(V1EndpointAddress address, string path)
    {
        var ip = address.Ip ?? "";
        foreach (var e in IpValidation.ValidateIp(ip, path + ".ip")) yield return e;
        if (!string.IsNullOrEmpty(address.Hostname))
            foreach (var e in NameValidation.IsDns1123Label(address.Hostname)) yield return FieldError.Invalid(path + ".hostname", address.Hostname, e);
        if (address.NodeName is { } nodeName)
            foreach (var e in NameValidation.IsDns1123Subdomain(nodeName)) yield return FieldError.Invalid(path + ".nodeName", nodeName, e);
        foreach (var e in IpValidation.ValidateNonSpecialIp(ip, path + ".ip")) yield return e;
    }

    private static IEnumerable<FieldError> ValidatePort(Corev1EndpointPort port, bool requireName, string path)
    {
        var name = port.Name ?? "";
        if (requireName && name.Length == 0) yield return FieldError.Required(path + ".name");
        else foreach (var e in name.Length > 0 ? NameValidation.IsDns1123Label(name) : []) yield return FieldError.Invalid(path + ".name", name, e);
        foreach (var e in NameValidation.IsValidPortNum(port.Port)) yield return FieldError.Invalid(path + ".port", port.Port, e);
        foreach (var e in PortValidation.ValidateProtocol(port.Protocol, path + ".protocol")) yield return e;
        if (port.AppProtocol is { } appProtocol)
            foreach (var e in NameValidation.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path + ".appProtocol", appProtocol, e);
    }
}
