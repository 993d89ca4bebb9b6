using k8s.Models;

namespace MockApiServer.Runtime;

/// <summary>
/// What the node knows about a container that the Pod object does not say: the environment it
/// was started with, its hostname, start time, restart count and log. The simulated kubelet keeps
/// this per pod uid and registers its own implementation; <see cref="PodSpecContainerRuntime"/>
/// derives what it can from the Pod alone.
/// </summary>
/// <remarks>
/// Contract: implementations are singletons, thread-safe and never throw for unknown pods or
/// containers (they answer null). They must not write to the store. Whether a container is
/// running is read from the Pod's status, not from here.
/// </remarks>
public interface IContainerRuntime
{
    /// <summary>The container's state, or null when the pod (by <c>metadata.uid</c>) has no such container.</summary>
    ContainerState? Find(V1Pod pod, string container);
}

/// <param name="Env">The variables the kubelet passes: the container's env (and envFrom) merged with the
/// service variables, user values winning. PATH, HOSTNAME and HOME are added by the exec layer.</param>
/// <param name="Hostname">What <c>hostname</c> prints inside the container.</param>
/// <param name="StartedAt">When the current instance of the container started.</param>
/// <param name="RestartCount">How many times the container was restarted.</param>
/// <param name="Logs">The current instance's log, oldest line first.</param>
/// <param name="PreviousLogs">The log of the previous (terminated) instance, null when there was none.</param>
/// <param name="LiveLog">The running process's log when the container runs a program, for followers to wait on; null for a server image.</param>
public sealed record ContainerState(
    IReadOnlyDictionary<string, string> Env,
    string Hostname,
    DateTimeOffset StartedAt,
    int RestartCount,
    IReadOnlyList<LogLine> Logs,
    IReadOnlyList<LogLine>? PreviousLogs,
    ContainerLog? LiveLog = null);

/// <summary>One line of a container's log, without its newline.</summary>
public sealed record LogLine(DateTimeOffset Time, string Text);
