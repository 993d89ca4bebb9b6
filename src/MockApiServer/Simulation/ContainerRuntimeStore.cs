using System.Collections.Concurrent;

namespace MockApiServer.Simulation;

/// <summary>One simulated container: its environment as fixed at start, and its restart history.</summary>
public sealed record ContainerRuntime(string Name, string Image, string ContainerId, IReadOnlyDictionary<string, string> Environment,
    DateTime StartedAt, int RestartCount = 0, DateTime? LastFinishedAt = null);

/// <summary>One simulated pod sandbox on a node.</summary>
public sealed record PodRuntime(string Uid, string Namespace, string Name, string NodeName, string PodIp, DateTime StartedAt,
    IReadOnlyDictionary<string, ContainerRuntime> Containers);

/// <summary>
/// What the simulated container runtime holds per pod uid and never writes to the Pod object:
/// each container's environment snapshot (service variables as they were at start), start time
/// and restart count. The kubelet simulator writes it; pods/exec and pods/log read it. In memory
/// only: after a restart the kubelet rebuilds entries from the running pods and current services.
/// Thread-safe; readers get immutable records.
/// </summary>
public sealed class ContainerRuntimeStore
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
    private readonly ConcurrentDictionary<string, PodRuntime> _pods = new(StringComparer.Ordinal);

    public PodRuntime? Get(string podUid) => _pods.GetValueOrDefault(podUid);

    public ContainerRuntime? Container(string podUid, string container) =>
        Get(podUid)?.Containers.GetValueOrDefault(container);

    /// <summary>The container's environment (empty when unknown).</summary>
    public IReadOnlyDictionary<string, string> Environment(string podUid, string container) => Container(podUid, container)?.Environment ?? Empty;

    public DateTime? StartTime(string podUid, string container) => Container(podUid, container)?.StartedAt;

    public int RestartCount(string podUid, string container) => Container(podUid, container)?.RestartCount ?? 0;

    public void Set(PodRuntime pod) => _pods[pod.Uid] = pod;

    public void Remove(string podUid) => _pods.TryRemove(podUid, out _);

    /// <summary>Counts a restart of one container at <paramref name="at"/>.</summary>
    public void RecordRestart(string podUid, string container, DateTime at)
    {
        while (_pods.TryGetValue(podUid, out var pod) && pod.Containers.TryGetValue(container, out var c))
        {
            var containers = new Dictionary<string, ContainerRuntime>(pod.Containers) { [container] = c with { RestartCount = c.RestartCount + 1, LastFinishedAt = at, StartedAt = at } };
            if (_pods.TryUpdate(podUid, pod with { Containers = containers }, pod)) return;
        }
    }
}
