using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>kubectl get columns for Pod (k/k printers.go printPod; the server always prints wide).</summary>
public sealed class PodTable : ITablePrinter
{
    private const string NodeLostReason = "NodeLost";

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumns.Age,
        new("IP", "string", "", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new("Node", "string", "", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", Priority: 1),
        new("Nominated Node", "string", "", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", Priority: 1),
        new("Readiness Gates", "string", "", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", Priority: 1),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var pod = (V1Pod)obj;
        var summary = Summarize(pod);
        var restarts = summary.Restarts != 0 && !HumanDuration.IsZero(summary.LastRestart)
            ? $"{summary.Restarts} ({HumanDuration.Age(summary.LastRestart, now)} ago)"
            : summary.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            pod.Metadata.Name,
            $"{summary.Ready}/{summary.Total}",
            summary.Reason,
            restarts,
            HumanDuration.Age(pod.Metadata.CreationTimestamp, now),
            TableCells.OrNone(pod.Status?.PodIPs is { Count: > 0 } ips ? ips[0].Ip : null),
            TableCells.OrNone(pod.Spec?.NodeName),
            TableCells.OrNone(pod.Status?.NominatedNodeName),
            ReadinessGates(pod),
        ];
    }

    private sealed record Summary(int Ready, int Total, string Reason, int Restarts, DateTime LastRestart);

    /// <summary>printPod's walk: phase or reason, then init containers in order, then app containers from last to first.</summary>
    private static Summary Summarize(V1Pod pod)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var status = pod.Status ?? new V1PodStatus();
        var initSpecs = new Dictionary<string, V1Container>();
        foreach (var container in spec.InitContainers ?? []) initSpecs[container.Name] = container;

        var total = (spec.Containers?.Count ?? 0) + (spec.InitContainers ?? []).Count(IsRestartable);
        var ready = 0;
        var phase = status.Phase ?? "";
        var reason = string.IsNullOrEmpty(status.Reason) ? phase : status.Reason;
        if ((status.Conditions ?? []).Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated")) reason = "SchedulingGated";

        int restarts = 0, sidecarRestarts = 0;
        DateTime lastRestart = default, lastSidecarRestart = default;
        var initializing = false;
        var initStatuses = status.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var restartable = IsRestartable(initSpecs.GetValueOrDefault(container.Name));
            restarts += container.RestartCount;
            lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
            if (restartable)
            {
                sidecarRestarts += container.RestartCount;
                lastSidecarRestart = Later(lastSidecarRestart, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0) continue;
            if (restartable && container.Started == true)
            {
                if (container.Ready) ready++;
                continue;
            }

            initializing = true;
            if (terminated is not null) reason = "Init:" + TerminatedReason(terminated);
            else if (!string.IsNullOrEmpty(waiting?.Reason) && waiting.Reason != "PodInitializing") reason = "Init:" + waiting.Reason;
            else reason = $"Init:{i}/{spec.InitContainers?.Count ?? 0}";
            break;
        }

        if (!initializing || IsInitialized(status))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                if (!string.IsNullOrEmpty(container.State?.Waiting?.Reason)) reason = container.State.Waiting.Reason;
                else if (container.State?.Terminated is { } terminated) reason = TerminatedReason(terminated);
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A finished sidecar-style container must not hide containers that are still running.
            if (reason == "Completed" && hasRunning) reason = IsReady(status) ? "Running" : "NotReady";
        }

        if (pod.Metadata.DeletionTimestamp is not null && status.Reason == NodeLostReason) reason = "Unknown";
        else if (pod.Metadata.DeletionTimestamp is not null && phase is not ("Succeeded" or "Failed")) reason = "Terminating";

        return new Summary(ready, total, reason, restarts, lastRestart);
    }

    /// <summary>The terminated state's reason, else Signal:N, else ExitCode:N.</summary>
    private static string TerminatedReason(V1ContainerStateTerminated terminated) =>
        !string.IsNullOrEmpty(terminated.Reason) ? terminated.Reason
        : terminated.Signal is { } signal and not 0 ? $"Signal:{signal}"
        : $"ExitCode:{terminated.ExitCode}";

    /// <summary>A sidecar: an init container with restartPolicy Always.</summary>
    private static bool IsRestartable(V1Container? container) => container?.RestartPolicy == "Always";

    /// <summary>isPodInitializedConditionTrue: the first Initialized condition decides.</summary>
    private static bool IsInitialized(V1PodStatus status) =>
        status.Conditions?.FirstOrDefault(c => c.Type == "Initialized")?.Status == "True";

    /// <summary>hasPodReadyCondition: any Ready condition that is True.</summary>
    private static bool IsReady(V1PodStatus status) =>
        (status.Conditions ?? []).Any(c => c.Type == "Ready" && c.Status == "True");

    private static DateTime Later(DateTime current, DateTime? candidate) =>
        candidate is { } value && value > current ? value : current;

    /// <summary>"true/total" over spec.readinessGates, each judged by the first condition of its type.</summary>
    private static string ReadinessGates(V1Pod pod)
    {
        var gates = pod.Spec?.ReadinessGates ?? [];
        if (gates.Count == 0) return TableCells.None;
        var passed = gates.Count(gate => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType)?.Status == "True");
        return $"{passed}/{gates.Count}";
    }
}
