using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>ValidatePodSpec (k/k pkg/apis/core/validation/validation.go) beyond object metadata, in Kubernetes' order.</summary>
public sealed class PodValidator : AbstractValidator<V1Pod>
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public PodValidator() => RuleFor(p => p).Custom((pod, context) =>
    {
        foreach (var error in ValidatePodSpec(pod.Spec ?? new V1PodSpec())) context.AddFieldError(error);
    });

    public static IEnumerable<FieldError> ValidatePodSpec(V1PodSpec spec) =>
        ContainerValidation.ValidateContainers(spec)
            .Concat(ContainerValidation.OneOf(spec.RestartPolicy, "spec.restartPolicy", RestartPolicies))
            .Concat(ContainerValidation.OneOf(spec.DnsPolicy, "spec.dnsPolicy", DnsPolicies))
            .Concat(ObjectMetaValidation.ValidateLabels(spec.NodeSelector, "spec.nodeSelector"))
            .Concat(ValidateDnsConfig(spec))
            .Concat(ValidateNames(spec))
            .Concat(TolerationValidation.ValidateTolerations(spec.Tolerations, "spec.tolerations"))
            .Concat(ValidatePreemptionPolicy(spec));

    private static IEnumerable<FieldError> ValidateDnsConfig(V1PodSpec spec)
    {
        if (spec.DnsPolicy == "None" && spec.DnsConfig is null)
            yield return FieldError.Required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
    }

    private static IEnumerable<FieldError> ValidateNames(V1PodSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
            foreach (var e in NameValidation.IsDns1123Subdomain(spec.ServiceAccountName)) yield return FieldError.Invalid("spec.serviceAccountName", spec.ServiceAccountName, e);
        if (!string.IsNullOrEmpty(spec.NodeName))
            foreach (var e in NameValidation.IsDns1123Subdomain(spec.NodeName)) yield return FieldError.Invalid("spec.nodeName", spec.NodeName, e);
        if (spec.ActiveDeadlineSeconds is { } deadline && deadline is < 1 or > int.MaxValue)
            yield return FieldError.Invalid("spec.activeDeadlineSeconds", deadline, $"must be between 1 and {int.MaxValue}, inclusive");
        if (!string.IsNullOrEmpty(spec.Hostname))
            foreach (var e in NameValidation.IsDns1123Label(spec.Hostname)) yield return FieldError.Invalid("spec.hostname", spec.Hostname, e);
        if (!string.IsNullOrEmpty(spec.Subdomain))
            foreach (var e in NameValidation.IsDns1123Label(spec.Subdomain)) yield return FieldError.Invalid("spec.subdomain", spec.Subdomain, e);
    }

    private static IEnumerable<FieldError> ValidatePreemptionPolicy(V1PodSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.PreemptionPolicy) && spec.PreemptionPolicy is not ("PreemptLowerPriority" or "Never"))
            yield return TolerationValidation.NotSupportedInOrder("spec.preemptionPolicy", spec.PreemptionPolicy, ["PreemptLowerPriority", "Never"]);
    }
}
