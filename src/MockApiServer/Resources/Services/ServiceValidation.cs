using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>
/// ValidateService (k/k pkg/apis/core/validation/validation.go) beyond object metadata, in
/// Kubernetes' order. ClusterIP and nodePort allocation checks belong to the allocator, which runs
/// after validation, so a missing healthCheckNodePort is not an error here.
/// </summary>
public static class ServiceValidation
{
    private const string LbOnly = "may only be used when `type` is 'LoadBalancer'";
    private const string SourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];

    public static IReadOnlyList<FieldError> ValidateCreate(V1Service service) => [.. ValidateService(service)];

    private static IEnumerable<FieldError> ValidateService(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        var clusterIps = ServiceClusterIpValidation.EffectiveClusterIps(spec);
        return ServicePortValidation.ValidateTypeSpecific(spec, clusterIps)
            .Concat(ValidateExternalName(spec, clusterIps))
            .Concat(ServicePortValidation.ValidatePorts(spec))
            .Concat(ObjectMetaValidation.ValidateLabels(spec.Selector, "spec.selector"))
            .Concat(ValidateSessionAffinity(spec))
            .Concat(ServiceClusterIpValidation.Validate(spec, clusterIps))
            .Concat(ValidateExternalIps(spec))
            .Concat(ValidateType(spec))
            .Concat(ServicePortValidation.ValidatePortCombinations(spec))
            .Concat(ValidateSourceRanges(service, spec))
            .Concat(ValidateLoadBalancerFields(spec))
            .Concat(ValidateTrafficPolicies(spec));
    }

    private static IEnumerable<FieldError> ValidateExternalName(V1ServiceSpec spec, IList<string> clusterIps)
    {
        if (spec.Type != ServiceTypes.ExternalName) yield break;
        const string NotForExternalName = "may not be set for ExternalName services";
        if (clusterIps.Count > 0) yield return FieldError.Forbidden("spec.clusterIPs", NotForExternalName);
        if (spec.IpFamilies is { Count: > 0 }) yield return FieldError.Forbidden("spec.ipFamilies", NotForExternalName);
        if (spec.IpFamilyPolicy is not null) yield return FieldError.Forbidden("spec.ipFamilyPolicy", NotForExternalName);
        var cname = spec.ExternalName ?? "";
        if (cname.EndsWith('.')) cname = cname[..^1];
        if (cname.Length == 0) yield return FieldError.Required("spec.externalName");
        foreach (var e in NameValidation.IsDns1123Subdomain(cname)) if (cname.Length > 0) yield return FieldError.Invalid("spec.externalName", cname, e);
    }

    private static IEnumerable<FieldError> ValidateSessionAffinity(V1ServiceSpec spec)
    {
        const string Path = "spec.sessionAffinityConfig";
        if (string.IsNullOrEmpty(spec.SessionAffinity)) yield return FieldError.Required("spec.sessionAffinity");
        else if (spec.SessionAffinity is not ("ClientIP" or "None"))
            yield return FieldError.NotSupported("spec.sessionAffinity", spec.SessionAffinity, ["ClientIP", "None"]);

        if (spec.SessionAffinity == "None" && spec.SessionAffinityConfig is not null)
            yield return FieldError.Forbidden(Path, "must not be set when session affinity is None");
        if (spec.SessionAffinity != "ClientIP") yield break;

        const string WhenClientIp = "when session affinity type is ClientIP";
        if (spec.SessionAffinityConfig is null) yield return FieldError.Required(Path, WhenClientIp);
        else if (spec.SessionAffinityConfig.ClientIP is null) yield return FieldError.Required(Path + ".clientIP", WhenClientIp);
        else if (spec.SessionAffinityConfig.ClientIP.TimeoutSeconds is not { } timeout) yield return FieldError.Required(Path + ".clientIP.timeoutSeconds", WhenClientIp);
        else if (timeout is <= 0 or > 86400)
            yield return FieldError.Invalid(Path + ".clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400");
    }

    private static IEnumerable<FieldError> ValidateExternalIps(V1ServiceSpec spec)
    {
        var ips = spec.ExternalIPs ?? [];
        for (var i = 0; i < ips.Count; i++)
        {
            var path = $"spec.externalIPs[{i}]";
            var invalid = IpValidation.ValidateIp(ips[i], path).ToList();
            foreach (var e in invalid.Count > 0 ? invalid : IpValidation.ValidateNonSpecialIp(ips[i], path)) yield return e;
        }
    }

    private static IEnumerable<FieldError> ValidateType(V1ServiceSpec spec)
    {
        if (string.IsNullOrEmpty(spec.Type)) yield return FieldError.Required("spec.type");
        else if (!ServiceTypes.All.Contains(spec.Type)) yield return FieldError.NotSupported("spec.type", spec.Type, ServiceTypes.All);
    }

    // The field path's capital L is Kubernetes' own (specPath.Child("LoadBalancerSourceRanges")).
    private static IEnumerable<FieldError> ValidateSourceRanges(V1Service service, V1ServiceSpec spec)
    {
        var isLb = spec.Type == ServiceTypes.LoadBalancer;
        if (spec.LoadBalancerSourceRanges is { Count: > 0 } ranges)
        {
            if (!isLb) yield return FieldError.Forbidden("spec.LoadBalancerSourceRanges", LbOnly);
            for (var i = 0; i < ranges.Count; i++)
                foreach (var e in IpValidation.ValidateCidr(ranges[i]?.Trim(), $"spec.LoadBalancerSourceRanges[{i}]")) yield return e;
        }
        else if (service.Metadata?.Annotations?.TryGetValue(SourceRangesAnnotation, out var value) == true)
        {
            var path = $"metadata.annotations[{SourceRangesAnnotation}]";
            if (!isLb) yield return FieldError.Forbidden(path, LbOnly);
            var trimmed = (value ?? "").Trim();
            if (trimmed.Length == 0) yield break;
            foreach (var cidr in trimmed.Split(','))
                foreach (var e in IpValidation.ValidateCidr(cidr.Trim(), path)) yield return e;
        }
    }

    private static IEnumerable<FieldError> ValidateLoadBalancerFields(V1ServiceSpec spec)
    {
        var isLb = spec.Type == ServiceTypes.LoadBalancer;
        if (spec.AllocateLoadBalancerNodePorts is not null && !isLb) yield return FieldError.Forbidden("spec.allocateLoadBalancerNodePorts", LbOnly);
        // Kubernetes builds this path without "spec." (field.NewPath("allocateLoadBalancerNodePorts")).
        if (isLb && spec.AllocateLoadBalancerNodePorts is null) yield return FieldError.Required("allocateLoadBalancerNodePorts");
        if (spec.LoadBalancerClass is not { } lbClass) yield break;
        if (!isLb) yield return FieldError.Forbidden("spec.loadBalancerClass", LbOnly);
        foreach (var e in NameValidation.IsQualifiedName(lbClass)) yield return FieldError.Invalid("spec.loadBalancerClass", lbClass, e);
    }

    private static IEnumerable<FieldError> ValidateTrafficPolicies(V1ServiceSpec spec)
    {
        var etp = spec.ExternalTrafficPolicy ?? "";
        if (!ServiceTypes.ExternallyAccessible(spec))
        {
            if (etp.Length > 0) yield return FieldError.Invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services");
        }
        else if (etp.Length == 0) yield return FieldError.Required("spec.externalTrafficPolicy");
        else if (!TrafficPolicies.Contains(etp)) yield return FieldError.NotSupported("spec.externalTrafficPolicy", etp, TrafficPolicies);

        // Required-when-needed is the allocator's job: validation runs before it assigns the port.
        if (spec.HealthCheckNodePort is { } hc and not 0)
        {
            const string Path = "spec.healthCheckNodePort";
            if (!ServiceTypes.NeedsHealthCheck(spec))
                yield return FieldError.Invalid(Path, hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
            else foreach (var e in NameValidation.IsValidPortNum(hc)) yield return FieldError.Invalid(Path, hc, e);
        }

        if (spec.InternalTrafficPolicy is null && spec.Type is ServiceTypes.ClusterIP or ServiceTypes.NodePort or ServiceTypes.LoadBalancer)
            yield return FieldError.Required("spec.internalTrafficPolicy");
        if (spec.InternalTrafficPolicy is { } itp && !TrafficPolicies.Contains(itp))
            yield return FieldError.NotSupported("spec.internalTrafficPolicy", itp, TrafficPolicies);
        if (spec.TrafficDistribution is { } td && td != "PreferClose")
            yield return FieldError.NotSupported("spec.trafficDistribution", td, ["PreferClose"]);
    }
}
