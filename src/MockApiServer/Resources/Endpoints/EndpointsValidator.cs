using MockApiServer.Networking;
using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.Services;

namespace MockApiServer.Resources.Endpoints;

/// <summary>validateEndpointSubsets: addresses are usable IPs, ports valid, names DNS-1123 labels.</summary>
public sealed class EndpointsValidator : AbstractValidator<V1Endpoints>
{
    public EndpointsValidator() => RuleFor(e => e).Custom((endpoints, context) =>
    {
        var subsets = endpoints.Subsets ?? [];
        for (var i = 0; i < subsets.Count; i++)
            foreach (var error in ValidateSubset(subsets[i], $"subsets[{i}]")) context.AddFieldError(error);
    });

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
        foreach (var e in ServicePortValidation.ValidateProtocol(port.Protocol, path + ".protocol")) yield return e;
        if (port.AppProtocol is { } appProtocol)
            foreach (var e in NameValidation.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path + ".appProtocol", appProtocol, e);
    }
}
