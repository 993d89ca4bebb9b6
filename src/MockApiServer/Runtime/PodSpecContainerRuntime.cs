using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Runtime;

/// <summary>
/// The container runtime view: the environment the simulated kubelet fixed when it started the
/// container (<see cref="Simulation.ContainerRuntimeStore"/>), or — for pods it never started,
/// say ones whose status a client wrote — what can be derived from the Pod (its env plus the
/// default/kubernetes Service's variables); start time and restarts from the container's status;
/// logs from the container's process when it runs a program (<see cref="ContainerProcesses"/>),
/// else generated from the image.
/// </summary>
public sealed class PodSpecContainerRuntime(ResourceStore store, Simulation.ContainerRuntimeStore kubelet, ContainerProcesses processes) : IContainerRuntime
{
    public ContainerState? Find(V1Pod pod, string container)
    {
        var spec = PodContainers.Find(pod, container);
        if (spec is null) return null;
        var status = PodContainers.Status(pod, container);
        var startedAt = status?.State?.Running?.StartedAt ?? status?.State?.Terminated?.StartedAt
            ?? pod.Status?.StartTime ?? pod.Metadata.CreationTimestamp ?? DateTime.UnixEpoch;
        var started = new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc));
        var restarts = status?.RestartCount ?? 0;
        var env = kubelet.Container(pod.Metadata.Uid, container)?.Environment ?? ContainerEnvironment.Build(pod, spec, ContainerEnvironment.ServiceVariables(KubernetesServiceVariables()), new StorePodConfigLookup(store));
        var hostname = PodContainers.Hostname(pod);
        if (processes.Current(pod.Metadata.Uid, container) is { } process)
        {
            // The process of the status's container ID is the current instance; a run that ended
            // and waits in back-off (or was just replaced) is the previous one.
            var isCurrent = process.ContainerId == status?.ContainerID && status?.State?.Waiting is null;
            return new ContainerState(env, hostname, started, restarts,
                isCurrent ? process.Log.Lines : [],
                isCurrent ? processes.Previous(pod.Metadata.Uid, container)?.Log.Lines : process.Log.Lines,
                isCurrent ? process.Log : null);
        }
        return new ContainerState(env, hostname, started, restarts,
            ContainerLogs.StartLines(container, spec.Image, started, restarts + 1),
            restarts == 0 ? null : PreviousLogs(spec, status!, started, restarts));
    }

    private static IReadOnlyList<LogLine> PreviousLogs(V1Container spec, V1ContainerStatus status, DateTimeOffset current, int restarts)
    {
        var last = status.LastState?.Terminated;
        var started = last?.StartedAt is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : current.AddSeconds(-10);
        var finished = last?.FinishedAt is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : current.AddSeconds(-1);
        return ContainerLogs.TerminatedLines(spec.Name, spec.Image, started, finished, restarts, last?.ExitCode ?? 1);
    }

    private IEnumerable<KeyValuePair<string, string>> KubernetesServiceVariables() =>
        store.TryGet(store.Registry.Get("", "services"), "default", "kubernetes")?.Object is V1Service kubernetes
            ? Networking.ServiceEnvironment.FromServices([kubernetes])
            : [];
}
