using k8s.Models;
using MockApiServer.Runtime;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// The kubelet's containers once a pod runs: their programs started and their exits recorded
/// under the restart policy, back-offs ended, and the probes run with what they decide.
/// </summary>
public sealed partial class KubeletController
{
    /// <summary>
    /// The containers whose main process is a program: start it for each running container that
    /// has none (a new container ID, or after this server restarted), record the ones that
    /// exited, and start again the ones whose back-off is over.
    /// </summary>
    private async Task SyncProcessesAsync(string key, V1Pod pod)
    {
        var uid = pod.Metadata.Uid;
        var now = time.GetUtcNow();
        TimeSpan? next = null;
        var exited = new List<(string Name, int Code, string ContainerId)>();
        var due = new List<string>();
        foreach (var c in pod.Spec.Containers)
        {
            if (PodContainers.Status(pod, c.Name) is not { } status) continue;
            if (status.State?.Running is not null)
            {
                var process = processes.Current(uid, c.Name);
                if (process is not null && process.ContainerId == status.ContainerID)
                {
                    if (process.ExitCode is { } code) exited.Add((c.Name, code, process.ContainerId));
                }
                else if (!ContainerProgram.RunsImageServer(c) && containers.Find(pod, c.Name) is { } state && Program(c, state) is { } argv)
                    processes.Start(pod, c.Name, status.ContainerID, argv, state, commands, () => _queue.Add(key));
            }
            else if (status.State?.Waiting?.Reason == "CrashLoopBackOff" && status.LastState?.Terminated?.FinishedAt is { } finished)
            {
                var at = new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)) + Backoff(status.RestartCount - 1);
                if (now >= at) due.Add(c.Name);
                else if (next is null || at - now < next) next = at - now;
            }
        }
        if (exited.Count > 0) await ContainersExitedAsync(key, pod, exited).ConfigureAwait(false);
        if (due.Count > 0) await RestartBackedOffAsync(key, pod, due).ConfigureAwait(false);
        if (exited.Count == 0 && due.Count == 0 && await ProbeAsync(key, pod).ConfigureAwait(false) is { } probeDue && (next is null || probeDue < next)) next = probeDue;
        if (next is { } wait) _queue.AddAfter(key, wait);
    }

    /// <summary>
    /// Runs the due probes and writes what they changed: containers started or ready (and the pod's
    /// Ready, readiness gates included), Unhealthy events, and a kill for a failed liveness or
    /// startup probe. A pod with readiness gates has its Ready recomputed as its conditions change.
    /// Returns when the next probe is due.
    /// </summary>
    private async Task<TimeSpan?> ProbeAsync(string key, V1Pod pod)
    {
        var outcome = await probes.RunAsync(pod, commands, CancellationToken.None).ConfigureAwait(false);
        foreach (var (container, kind, message) in outcome.Failures)
            await events.RecordAsync(pod, EventRecorder.Warning, "Unhealthy", $"{kind} probe failed: {message}", Component, pod.Spec.NodeName).ConfigureAwait(false);
        if (outcome.Kills.Count > 0)
        {
            await KillAsync(key, pod, outcome.Kills).ConfigureAwait(false);
            return null;
        }
        var gated = pod.Spec.ReadinessGates is { Count: > 0 };
        if (outcome.Containers.Count == 0 && !gated) return outcome.Next;
        var at = Now();
        await UpdateStatusAsync(pod, p =>
        {
            var changed = false;
            foreach (var (name, (started, ready)) in outcome.Containers)
            {
                if (PodContainers.Status(p, name) is not { State.Running: not null } status || status.ContainerID != PodContainers.Status(pod, name)?.ContainerID) continue;
                changed |= status.Started != started || status.Ready != ready;
                (status.Started, status.Ready) = (started, ready);
            }
            if (!changed && !gated) return false;
            return PodStatusTransitions.Readiness(p, at) || changed;
        }).ConfigureAwait(false);
        return outcome.Next;
    }

    /// <summary>The kubelet kills a container whose liveness or startup probe failed (exit 137); its restart policy decides what follows.</summary>
    private async Task KillAsync(string key, V1Pod pod, IReadOnlyList<(string Container, string Kind)> kills)
    {
        var exits = new List<(string Name, int Code, string ContainerId)>();
        foreach (var (container, kind) in kills)
        {
            await events.RecordAsync(pod, EventRecorder.Normal, "Killing", $"Container {container} failed {kind.ToLowerInvariant()} probe, will be restarted",
                Component, pod.Spec.NodeName).ConfigureAwait(false);
            processes.Current(pod.Metadata.Uid, container)?.Kill();
            if (PodContainers.Status(pod, container)?.ContainerID is { } id) exits.Add((container, ContainerProcesses.KilledExitCode, id));
        }
        await ContainersExitedAsync(key, pod, exits).ConfigureAwait(false);
    }

    /// <summary>The argv of the container's main process, null when it runs its image's server or a program this runtime does not simulate.</summary>
    private IReadOnlyList<string>? Program(V1Container container, ContainerState state) =>
        ContainerProgram.For(container, state.Env) is { } argv && commands.Find(argv[0]) is not null ? argv : null;

    /// <summary>
    /// Containers whose run ended (the process exited, or the kubelet killed it): each still running
    /// with that container ID is terminated or waits to restart, as its restart policy says.
    /// </summary>
    private async Task ContainersExitedAsync(string key, V1Pod pod, List<(string Name, int Code, string ContainerId)> exited)
    {
        var at = Now();
        var restarting = new List<string>();
        var updated = await UpdateStatusAsync(pod, p =>
        {
            restarting.Clear();
            var changed = false;
            foreach (var (name, code, containerId) in exited)
            {
                var status = PodContainers.Status(p, name);
                if (status?.State?.Running is null || status.ContainerID != containerId) continue;
                var restart = p.Spec.RestartPolicy switch { "Never" => false, "OnFailure" => code != 0, _ => true };
                PodStatusTransitions.Exited(p, name, code, at, restart, Backoff(status.RestartCount));
                if (restart) restarting.Add(name);
                changed = true;
            }
            return changed;
        }).ConfigureAwait(false);
        if (updated is null) return;
        foreach (var name in restarting)
        {
            runtime.RecordRestart(updated.Metadata.Uid, name, at);
            await RecordBackOffAsync(updated, name).ConfigureAwait(false);
        }
        if (updated.Status.Phase is "Succeeded" or "Failed") ips.Release(updated.Metadata.Uid);
        else _queue.Add(key);
    }

    private async Task RestartBackedOffAsync(string key, V1Pod pod, List<string> due)
    {
        var at = Now();
        var ids = due.ToDictionary(n => n, _ => $"containerd://{Hex(64)}");
        var updated = await UpdateStatusAsync(pod, p =>
        {
            var changed = false;
            foreach (var name in due)
            {
                if (PodContainers.Status(p, name)?.State?.Waiting?.Reason != "CrashLoopBackOff") continue;
                PodStatusTransitions.Restarted(p, name, ids[name], at);
                changed = true;
            }
            return changed;
        }).ConfigureAwait(false);
        if (updated is null) return;
        foreach (var c in updated.Spec.Containers.Where(c => due.Contains(c.Name))) await RecordContainerStartAsync(updated, c).ConfigureAwait(false);
        _queue.Add(key);
    }
}
