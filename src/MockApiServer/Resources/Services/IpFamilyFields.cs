using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// ipFamilies / ipFamilyPolicy on a single-stack IPv4 cluster (k/k storage/alloc.go
/// initIPFamilyFields), split into defaulting, which runs before validation, and the checks
/// against the cluster's configuration, which run with the allocation.
/// </summary>
public static class IpFamilyFields
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";
    public const string SingleStack = "SingleStack";
    public const string RequireDualStack = "RequireDualStack";

    public static void Default(V1ServiceSpec spec, V1ServiceSpec? old)
    {
        if (!ServiceTypeRules.NeedsClusterIp(spec)) return;
        // A selectorless headless service defaults to dual-stack even on a single-stack cluster.
        spec.IpFamilyPolicy ??= old?.IpFamilyPolicy ?? (IsHeadlessSelectorless(spec) ? RequireDualStack : SingleStack);
        var families = spec.IpFamilies?.ToList() ?? [];
        var ips = spec.ClusterIPs ?? [];
        for (var i = 0; i < ips.Count && ips[i] != ServiceTypes.None; i++)
        {
            if (i < families.Count) continue;
            // An IP of an unconfigured (or no) family is left for Check and validation to report.
            if (FamilyOf(ips[i]) != IPv4) return;
            families.Add(IPv4);
        }
        if (families.Count == 0) families.Add(IPv4);
        if (IsHeadlessSelectorless(spec) && families.Count < 2 && spec.IpFamilyPolicy != SingleStack)
            families.Add(families[0] == IPv4 ? IPv6 : IPv4);
        spec.IpFamilies = families;
    }

    /// <summary>Errors for families and policies this cluster cannot serve.</summary>
    public static IReadOnlyList<FieldError> Check(V1ServiceSpec spec)
    {
        if (!ServiceTypeRules.NeedsClusterIp(spec)) return [];
        var errors = new List<FieldError>();
        var ips = spec.ClusterIPs ?? [];
        var families = spec.IpFamilies ?? [];
        if (spec.IpFamilyPolicy == SingleStack)
        {
            if (ips.Count == 2)
                errors.Add(FieldError.Invalid("spec.ipFamilyPolicy", SingleStack, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            if (families.Count == 2)
                errors.Add(FieldError.Invalid("spec.ipFamilyPolicy", SingleStack, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        }
        for (var i = 0; i < ips.Count && ips[i] != ServiceTypes.None; i++)
        {
            if (i >= families.Count && FamilyOf(ips[i]) == IPv6)
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ips, $"{IPv6} is not configured on this cluster"));
        }
        if (errors.Count > 0 || IsHeadlessSelectorless(spec)) return errors;
        if (spec.IpFamilyPolicy == RequireDualStack)
            errors.Add(FieldError.Invalid("spec.ipFamilyPolicy", RequireDualStack, "this cluster is not configured for dual-stack services"));
        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] != IPv4) errors.Add(FieldError.Invalid($"spec.ipFamilies[{i}]", families[i], "not configured on this cluster"));
        }
        return errors;
    }

    private static bool IsHeadlessSelectorless(V1ServiceSpec spec) => ServiceTypes.IsHeadless(spec) && spec.Selector is not { Count: > 0 };

    private static string? FamilyOf(string ip) =>
        ServiceCidr.ToValue(ip) is not null ? IPv4
        : System.Net.IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPv6
        : null;
}
