using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// ValidateServiceClusterIPsRelatedFields without the allocator's part: the given clusterIPs must be
/// "None" or IPs, at most one per family, agreeing with ipFamilies.
/// </summary>
public static class ServiceClusterIpValidation
{
    private const string Path = "spec.clusterIPs";
    private static readonly string[] Families = ["IPv4", "IPv6"];
    private static readonly string[] Policies = ["PreferDualStack", "RequireDualStack", "SingleStack"];

    /// <summary>clusterIPs as the registry sees it before validation: synced from clusterIP when only that was given.</summary>
    public static IList<string> EffectiveClusterIps(V1ServiceSpec spec) =>
        spec.ClusterIPs is { Count: > 0 } ips ? ips : string.IsNullOrEmpty(spec.ClusterIP) ? [] : [spec.ClusterIP];

    public static IEnumerable<FieldError> Validate(V1ServiceSpec spec, IList<string> clusterIps)
    {
        if (spec.Type == ServiceTypes.ExternalName) return [];
        var errors = new List<FieldError>();
        if (!string.IsNullOrEmpty(spec.ClusterIP) && clusterIps[0] != spec.ClusterIP)
            errors.Add(FieldError.Invalid(Path, clusterIps, "first value must match `clusterIP`"));
        errors.AddRange(ValidateFamilies(spec));
        var invalid = ValidateIps(clusterIps, errors);
        if (clusterIps.Count > 2) errors.Add(FieldError.Invalid(Path, clusterIps, "may only hold up to 2 values"));
        if (invalid) return errors;

        if (clusterIps.Count > 1 && clusterIps.Select(ip => IpValidation.ParseIp(ip)!.AddressFamily).Distinct().Count() != clusterIps.Count)
            errors.Add(FieldError.Invalid(Path, clusterIps, "may specify no more than one IP for each IP family"));
        if (!ServiceTypes.IsHeadless(spec)) errors.AddRange(ValidateIpsMatchFamilies(clusterIps, spec.IpFamilies ?? []));
        return errors;
    }

    private static IEnumerable<FieldError> ValidateFamilies(V1ServiceSpec spec)
    {
        var families = spec.IpFamilies ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < families.Count; i++)
        {
            if (!Families.Contains(families[i])) yield return FieldError.NotSupported($"spec.ipFamilies[{i}]", families[i], Families);
            if (!seen.Add(families[i])) yield return FieldError.Duplicate($"spec.ipFamilies[{i}]", families[i]);
        }
        if (spec.IpFamilyPolicy is { } policy && !Policies.Contains(policy))
            yield return FieldError.NotSupported("spec.ipFamilyPolicy", policy, Policies);
    }

    /// <summary>Adds the per-IP errors; true when any IP is invalid (later checks would only add noise).</summary>
    private static bool ValidateIps(IList<string> clusterIps, List<FieldError> errors)
    {
        var invalid = false;
        for (var i = 0; i < clusterIps.Count; i++)
        {
            if (i == 0 && clusterIps[0] == ServiceTypes.None)
            {
                if (clusterIps.Count <= 1) continue;
                invalid = true;
                errors.Add(FieldError.Invalid(Path, clusterIps, "'None' must be the first and only value"));
                continue;
            }
            var ipErrors = IpValidation.ValidateIp(clusterIps[i], $"{Path}[{i}]").ToList();
            invalid |= ipErrors.Count > 0;
            errors.AddRange(ipErrors);
        }
        return invalid;
    }

    private static IEnumerable<FieldError> ValidateIpsMatchFamilies(IList<string> clusterIps, IList<string> families)
    {
        for (var i = 0; i < clusterIps.Count && i < families.Count; i++)
        {
            var isV6 = IpValidation.ParseIp(clusterIps[i])!.AddressFamily == AddressFamily.InterNetworkV6;
            if (families[i] == "IPv4" && isV6)
                yield return FieldError.Invalid($"{Path}[{i}]", clusterIps[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`");
            if (families[i] == "IPv6" && !isV6)
                yield return FieldError.Invalid($"{Path}[{i}]", clusterIps[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`");
        }
    }
}
