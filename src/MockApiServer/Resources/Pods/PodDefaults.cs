using k8s.Models;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// SetDefaults_Pod, _PodSpec, _Container, _ContainerPort and _ObjectFieldSelector (k/k
/// pkg/apis/core/v1/defaults.go), plus what the default admission chain adds to every new pod
/// (ServiceAccount, Priority, DefaultTolerationSeconds). Applied before validation.
/// </summary>
public static class PodDefaults
{
    public const long DefaultTolerationSeconds = 300;
    public static readonly string[] NoExecuteTaints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    public static void Apply(V1Pod pod)
    {
        var spec = pod.Spec ??= new V1PodSpec();
        spec.EnableServiceLinks ??= true;
        ApplySpec(spec, isPod: true);
    }

    /// <summary>
    /// SetDefaults_PodSpec and the container defaults; a pod (not a template) also gets
    /// SetDefaults_Pod's requests from limits.
    /// </summary>
    public static void ApplySpec(V1PodSpec spec, bool isPod)
    {
        if (string.IsNullOrEmpty(spec.DnsPolicy)) spec.DnsPolicy = "ClusterFirst";
        if (string.IsNullOrEmpty(spec.RestartPolicy)) spec.RestartPolicy = "Always";
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= 30;
        if (string.IsNullOrEmpty(spec.SchedulerName)) spec.SchedulerName = "default-scheduler";
        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
            DefaultContainer(container, spec.HostNetwork == true, isPod);
    }

    /// <summary>The tag decides: "latest" or no tag (and no digest) means Always, anything else IfNotPresent.</summary>
    public static string DefaultPullPolicy(string? image)
    {
        var name = image ?? "";
        var at = name.IndexOf('@');
        if (at >= 0) name = name[..at];
        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[(colon + 1)..] : at >= 0 ? "" : "latest";
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static void DefaultContainer(V1Container container, bool hostNetwork, bool isPod)
    {
        if (string.IsNullOrEmpty(container.ImagePullPolicy)) container.ImagePullPolicy = DefaultPullPolicy(container.Image);
        if (string.IsNullOrEmpty(container.TerminationMessagePath)) container.TerminationMessagePath = "/dev/termination-log";
        if (string.IsNullOrEmpty(container.TerminationMessagePolicy)) container.TerminationMessagePolicy = "File";
        var resources = container.Resources ??= new V1ResourceRequirements();
        if (isPod && resources.Limits is { } limits)
        {
            resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            foreach (var (key, value) in limits) resources.Requests.TryAdd(key, value);
        }
        foreach (var port in container.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol)) port.Protocol = "TCP";
            if (hostNetwork && port.HostPort is null or 0) port.HostPort = port.ContainerPort;
        }
        foreach (var env in container.Env ?? [])
            if (env.ValueFrom?.FieldRef is { } fieldRef && string.IsNullOrEmpty(fieldRef.ApiVersion)) fieldRef.ApiVersion = "v1";
    }

    // Admission plugins: ServiceAccount, Priority (no default PriorityClass) and DefaultTolerationSeconds.
    public static void ApplyAdmission(V1Pod pod)
    {
        var spec = pod.Spec ??= new V1PodSpec();
        if (string.IsNullOrEmpty(spec.ServiceAccountName)) spec.ServiceAccountName = string.IsNullOrEmpty(spec.ServiceAccount) ? "default" : spec.ServiceAccount;
        spec.ServiceAccount = spec.ServiceAccountName;
        if (string.IsNullOrEmpty(spec.PriorityClassName)) spec.Priority ??= 0;
        spec.PreemptionPolicy ??= "PreemptLowerPriority";
        spec.Tolerations ??= [];
        foreach (var taint in NoExecuteTaints)
        {
            var tolerated = spec.Tolerations.Any(t => (string.IsNullOrEmpty(t.Key) || t.Key == taint) && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute"));
            if (!tolerated)
                spec.Tolerations.Add(new V1Toleration { Key = taint, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = DefaultTolerationSeconds });
        }
    }
}
