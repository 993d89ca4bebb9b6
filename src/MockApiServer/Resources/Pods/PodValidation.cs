using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// ValidatePod (k/k pkg/apis/core/validation/validation.go) beyond object metadata, in Kubernetes'
/// order. The pod spec is checked under a given path so a pod template's spec can be checked where
/// it sits (spec.template.spec).
/// </summary>
public static class PodValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static IReadOnlyList<FieldError> ValidateCreate(V1Pod pod) => [.. ValidatePodSpec(pod.Spec ?? new V1PodSpec(), "spec")];

    public static IEnumerable<FieldError> ValidatePodSpec(V1PodSpec spec, string path) =>
        ContainerValidation.ValidateContainers(spec, path)
            .Concat(ContainerValidation.OneOf(spec.RestartPolicy, path + ".restartPolicy", RestartPolicies))
            .Concat(ContainerValidation.OneOf(spec.DnsPolicy, path + ".dnsPolicy", DnsPolicies))
            .Concat(ObjectMetaValidation.ValidateLabels(spec.NodeSelector, path + ".nodeSelector"))
            .Concat(ValidateDnsConfig(spec, path))
            .Concat(ValidateNames(spec, path))
            .Concat(TolerationValidation.ValidateTolerations(spec.Tolerations, path + ".tolerations"))
            .Concat(ValidatePreemptionPolicy(spec, path));

    private static IEnumerable<FieldError> ValidateDnsConfig(V1PodSpec spec, string path)
    {
        if (spec.DnsPolicy == "None" && spec.DnsConfig is null)
            yield return FieldError.Required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
    }

    private static IEnumerable<FieldError> ValidateNames(V1PodSpec spec, string path)
    {
        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
            foreach (var e in NameValidation.IsDns1123Subdomain(spec.ServiceAccountName)) yield return FieldError.Invalid(path + ".serviceAccountName", spec.ServiceAccountName, e);
        if (!string.IsNullOrEmpty(spec.NodeName))
            foreach (var e in NameValidation.IsDns1123Subdomain(spec.NodeName)) yield return FieldError.Invalid(path + ".nodeName", spec.NodeName, e);
        if (spec.ActiveDeadlineSeconds is { } deadline && deadline is < 1 or > int.MaxValue)
            yield return FieldError.Invalid(path + ".activeDeadlineSeconds", deadline, $"must be between 1 and {int.MaxValue}, inclusive");
        if (!string.IsNullOrEmpty(spec.Hostname))
            foreach (var e in NameValidation.IsDns1123Label(spec.Hostname)) yield return FieldError.Invalid(path + ".hostname", spec.Hostname, e);
        if (!string.IsNullOrEmpty(spec.Subdomain))
            foreach (var e in NameValidation.IsDns1123Label(spec.Subdomain)) yield return FieldError.Invalid(path + ".subdomain", spec.Subdomain, e);
    }

    private static IEnumerable<FieldError> ValidatePreemptionPolicy(V1PodSpec spec, string path)
    {
        if (!string.IsNullOrEmpty(spec.PreemptionPolicy) && spec.PreemptionPolicy is not ("PreemptLowerPriority" or "Never"))
            yield return FieldError.NotSupportedInOrder(path + ".preemptionPolicy", spec.PreemptionPolicy, ["PreemptLowerPriority", "Never"]);
    }
}
