using k8s.Models;
using MockApiServer.Machinery.Cache;
using MockApiServer.Runtime;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// The kubelet's waits for configuration: containers whose env names a missing ConfigMap, Secret
/// or key (CreateContainerConfigError), retried when one of those kinds changes in the pod's namespace.
/// </summary>
public sealed partial class KubeletController
{
    /// <summary>A ConfigMap or Secret changed: the pods of its namespace that wait for one try again.</summary>
    private void OnConfigChange(StoredObject? previous, StoredObject? current)
    {
        var ns = (current ?? previous)?.Namespace;
        foreach (var (key, podNs) in _waitingForConfig)
            if (podNs == ns) _queue.Add(key);
    }

    /// <summary>The image is there, then generateContainerConfig fails: kuberuntime's "Failed" event.</summary>
    private async Task RecordConfigErrorAsync(V1Pod pod, V1Container c, string error)
    {
        await RecordPulledAsync(pod, c).ConfigureAwait(false);
        await events.RecordAsync(pod, EventRecorder.Warning, "Failed", $"Error: {error}", Component, pod.Spec.NodeName).ConfigureAwait(false);
    }

    /// <summary>Each named container's environment error (makeEnvironmentVariables), for those that have one.</summary>
    private Dictionary<string, string> ConfigErrors(V1Pod pod, IEnumerable<string> containers)
    {
        var services = ServiceVariables(pod.Metadata.NamespaceProperty, pod.Spec.EnableServiceLinks != false);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in containers)
            if (PodContainers.Find(pod, name) is { } c && MockApiServer.Runtime.ContainerEnvironment.Resolve(pod, c, services, _config).Error is { } error) errors[name] = error;
        return errors;
    }

    /// <summary>
    /// Containers that wait for their configuration try again (the kubelet's pod sync): those whose
    /// ConfigMaps and Secrets now resolve start, the others keep waiting with the current error.
    /// </summary>
    private async Task RetryConfigAsync(string key, V1Pod pod, IReadOnlyList<string> waiting)
    {
        var errors = ConfigErrors(pod, waiting);
        var resolved = waiting.Where(n => !errors.ContainsKey(n)).ToList();
        var ids = resolved.ToDictionary(n => n, _ => $"containerd://{Hex(64)}");
        var at = Now();
        var updated = await UpdateStatusAsync(pod, p =>
        {
            var changed = false;
            foreach (var (name, error) in errors) changed |= PodStatusTransitions.ConfigStillFailing(p, name, error);
            foreach (var name in resolved)
            {
                PodStatusTransitions.ConfigResolved(p, name, ids[name], at);
                changed = true;
            }
            return changed;
        }).ConfigureAwait(false);
        if (errors.Count == 0) _waitingForConfig.TryRemove(key, out _);
        if (updated is null) return;
        runtime.Set(Runtime(updated, updated.Status.StartTime ?? at));
        foreach (var c in updated.Spec.Containers)
        {
            if (resolved.Contains(c.Name)) await RecordContainerStartAsync(updated, c).ConfigureAwait(false);
            else if (errors.TryGetValue(c.Name, out var error)) await RecordConfigErrorAsync(updated, c, error).ConfigureAwait(false);
        }
        if (resolved.Count > 0) _queue.Add(key);
    }

    private Task RecordBackOffAsync(V1Pod pod, string container) =>
        events.RecordAsync(pod, EventRecorder.Warning, "BackOff",
            $"Back-off restarting failed container {container} in pod {pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})", Component, pod.Spec.NodeName);

    private async Task CrashAsync(string key, V1Pod pod)
    {
        var statuses = pod.Status.ContainerStatuses ?? [];
        if (statuses.Count == 0) return;
        var restarts = statuses.Max(c => c.RestartCount);
        var last = statuses.Max(c => c.LastState?.Terminated?.FinishedAt) ?? pod.Status.StartTime ?? Now();
        var due = new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) + Backoff(restarts);
        var now = time.GetUtcNow();
        if (now < due)
        {
            _queue.AddAfter(key, due - now);
            return;
        }
        var at = Now();
        var crashed = await UpdateStatusAsync(pod, p =>
        {
            if ((p.Status?.ContainerStatuses ?? []).Max(c => c.RestartCount) != restarts) return false;
            PodStatusTransitions.Crash(p, at, Backoff(restarts + 1));
            return true;
        }).ConfigureAwait(false);
        if (crashed is null) return;
        foreach (var c in crashed.Spec.Containers)
        {
            runtime.RecordRestart(crashed.Metadata.Uid, c.Name, at);
            await RecordBackOffAsync(crashed, c.Name).ConfigureAwait(false);
        }
        _queue.AddAfter(key, Backoff(restarts + 1));
    }
}
