using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.EndpointSlices;

/// <summary>ValidateEndpointSlice (k/k pkg/apis/discovery/validation): address type, endpoints and ports; addressType is immutable.</summary>
public static class EndpointSliceValidation
{
    public static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];
    private const int MaxEndpoints = 1000;
    private const int MaxAddresses = 100;
    private const int MaxPorts = 20000;
    private const int MaxTopologyLabels = 16;

    public static IReadOnlyList<FieldError> ValidateCreate(V1EndpointSlice slice) =>
    [
        .. ValidateAddressType(slice.AddressType),
        .. ValidateEndpoints(slice.Endpoints ?? [], slice.AddressType),
        .. ValidatePorts(slice.Ports ?? []),
    ];

    public static IReadOnlyList<FieldError> ValidateUpdate(V1EndpointSlice slice, V1EndpointSlice old)
    {
        var errors = ValidateCreate(slice).ToList();
        if (slice.AddressType != old.AddressType) errors.Add(FieldError.Invalid("addressType", slice.AddressType, "field is immutable"));
        return errors;
    }

    private static IEnumerable<FieldError> ValidateAddressType(string? addressType)
    {
        if (string.IsNullOrEmpty(addressType)) yield return FieldError.Required("addressType");
        else if (!AddressTypes.Contains(addressType)) yield return FieldError.NotSupported("addressType", addressType, AddressTypes);
    }

    private static IEnumerable<FieldError> ValidateEndpoints(IList<V1Endpoint> endpoints, string? addressType)
    {
        if (endpoints.Count > MaxEndpoints)
        {
            yield return TooMany("endpoints", endpoints.Count, MaxEndpoints);
            yield break;
        }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var path = $"endpoints[{i}]";
            var addresses = endpoint.Addresses ?? [];
            if (addresses.Count == 0) yield return FieldError.Required(path + ".addresses", "must contain at least 1 address");
            else if (addresses.Count > MaxAddresses) yield return TooMany(path + ".addresses", addresses.Count, MaxAddresses);
            for (var j = 0; j < addresses.Count; j++)
                foreach (var e in ValidateAddress(addresses[j] ?? "", addressType, $"{path}.addresses[{j}]")) yield return e;
            if (endpoint.NodeName is { } nodeName)
                foreach (var e in NameValidation.IsDns1123Subdomain(nodeName)) yield return FieldError.Invalid(path + ".nodeName", nodeName, e);
            var topology = endpoint.DeprecatedTopology;
            if (topology is { Count: > MaxTopologyLabels }) yield return TooMany(path + ".deprecatedTopology", topology.Count, MaxTopologyLabels);
            foreach (var e in ObjectMetaValidation.ValidateLabels(topology, path + ".deprecatedTopology")) yield return e;
            if (endpoint.Hostname is { } hostname)
                foreach (var e in NameValidation.IsDns1123Label(hostname)) yield return FieldError.Invalid(path + ".hostname", hostname, e);
        }
    }

    /// <summary>Known address types are checked (IPv4/IPv6 as usable IPs of that family, FQDN as a domain); others fall through.</summary>
    private static IEnumerable<FieldError> ValidateAddress(string address, string? addressType, string path)
    {
        switch (addressType)
        {
            case "IPv4" or "IPv6":
                var family = addressType == "IPv4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (IpValidation.ParseIp(address) is not { } ip || ip.AddressFamily != family || (family == AddressFamily.InterNetwork && address.Contains(':')))
                {
                    yield return FieldError.Invalid(path, address, $"must be a valid {addressType} address");
                    yield break;
                }
                foreach (var e in IpValidation.ValidateNonSpecialIp(address, path)) yield return e;
                break;
            case "FQDN":
                foreach (var e in ValidateFqdn(address, path)) yield return e;
                break;
        }
    }

    /// <summary>IsFullyQualifiedDomainName: a DNS subdomain (one trailing dot allowed) of at least two labels.</summary>
    private static IEnumerable<FieldError> ValidateFqdn(string name, string path)
    {
        if (name.Length == 0)
        {
            yield return FieldError.Required(path);
            yield break;
        }
        if (name.EndsWith('.')) name = name[..^1];
        var errors = NameValidation.IsDns1123Subdomain(name);
        if (errors.Count > 0)
        {
            yield return FieldError.Invalid(path, name, string.Join(",", errors));
            yield break;
        }
        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            yield return FieldError.Invalid(path, name, "should be a domain with at least two segments separated by dots");
            yield break;
        }
        foreach (var label in labels)
        {
            var labelErrors = NameValidation.IsDns1123Label(label);
            if (labelErrors.Count > 0)
            {
                yield return FieldError.Invalid(path, label, string.Join(",", labelErrors));
                yield break;
            }
        }
    }

    private static IEnumerable<FieldError> ValidatePorts(IList<Discoveryv1EndpointPort> ports)
    {
        if (ports.Count > MaxPorts)
        {
            yield return TooMany("ports", ports.Count, MaxPorts);
            yield break;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var path = $"ports[{i}]";
            var name = port.Name ?? "";
            if (name.Length > 0)
                foreach (var e in NameValidation.IsDns1123Label(name)) yield return FieldError.Invalid(path + ".name", name, e);
            if (!names.Add(name)) yield return FieldError.Duplicate(path + ".name", name);
            foreach (var e in PortValidation.ValidateProtocol(port.Protocol, path + ".protocol")) yield return e;
            if (port.AppProtocol is { } appProtocol)
                foreach (var e in NameValidation.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path + ".appProtocol", appProtocol, e);
        }
    }

    private static FieldError TooMany(string field, int actual, int max) =>
        new("FieldValueTooMany", field, $"Too many: {actual}: must have at most {max} items");
}
