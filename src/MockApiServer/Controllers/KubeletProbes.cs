using System.Collections.Concurrent;
using k8s.Models;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Controllers;

/// <summary>
/// The kubelet's prober manager: per container instance, its startup, liveness and readiness
/// probes run on their schedule (initialDelaySeconds from the container's start, then every
/// periodSeconds), and successThreshold/failureThreshold turn results into the container's
/// started and ready flags, or into a kill. State is keyed by container ID, so a restarted
/// container probes afresh. In memory only.
/// </summary>
public sealed class KubeletProbes(ContainerProber prober, TimeProvider time)
{
    public const string Startup = "Startup";
    public const string Liveness = "Liveness";
    public const string Readiness = "Readiness";

    private readonly ConcurrentDictionary<(string Uid, string ContainerId, string Kind), ProbeState> _states = new();

    private sealed class ProbeState
    {
        public DateTimeOffset Due;
        public int Successes;
        public int Failures;
        public bool? Result;
    }

    /// <summary>What the due probes decided: each running container's started and ready flags, the failures to report, the containers to kill, and when to look again.</summary>
    public sealed record Outcome(
        IReadOnlyDictionary<string, (bool Started, bool Ready)> Containers,
        IReadOnlyList<(string Container, string Kind, string Message)> Failures,
        IReadOnlyList<(string Container, string Kind)> Kills,
        TimeSpan? Next);

    public async Task<Outcome> RunAsync(V1Pod pod, ExecCommandRegistry commands, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var flags = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        var failures = new List<(string, string, string)>();
        var kills = new List<(string, string)>();
        TimeSpan? next = null;
        foreach (var c in pod.Spec.Containers)
        {
            if (PodContainers.Status(pod, c.Name) is not { State.Running.StartedAt: { } startedAt, ContainerID: { } id }) continue;
            if (c.StartupProbe is null && c.LivenessProbe is null && c.ReadinessProbe is null) continue;
            var started = new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc));
            async Task<bool?> Probe(string kind, V1Probe probe)
            {
                var state = _states.GetOrAdd((pod.Metadata.Uid, id, kind), _ => new ProbeState { Due = started + TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0) });
                if (now >= state.Due)
                {
                    var result = await prober.ProbeAsync(pod, c, probe, commands, cancellation).ConfigureAwait(false);
                    state.Due = now + TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
                    if (result.Success)
                    {
                        state.Failures = 0;
                        if (++state.Successes >= Math.Max(1, probe.SuccessThreshold ?? 1)) state.Result = true;
                    }
                    else
                    {
                        state.Successes = 0;
                        failures.Add((c.Name, kind, result.Message));
                        if (++state.Failures >= Math.Max(1, probe.FailureThreshold ?? 3)) state.Result = false;
                    }
                }
                var wait = state.Due - now;
                if (next is null || wait < next) next = wait;
                return state.Result;
            }
            var isStarted = c.StartupProbe is null || await Probe(Startup, c.StartupProbe).ConfigureAwait(false) == true;
            if (c.StartupProbe is not null && !isStarted && _states[(pod.Metadata.Uid, id, Startup)].Result == false) kills.Add((c.Name, Startup));
            var ready = false;
            if (isStarted)
            {
                if (c.LivenessProbe is not null && await Probe(Liveness, c.LivenessProbe).ConfigureAwait(false) == false) kills.Add((c.Name, Liveness));
                ready = c.ReadinessProbe is null || await Probe(Readiness, c.ReadinessProbe).ConfigureAwait(false) == true;
            }
            flags[c.Name] = (isStarted, ready);
        }
        return new Outcome(flags, failures, kills, next);
    }

    public void Forget(string podUid)
    {
        foreach (var key in _states.Keys.Where(k => k.Uid == podUid).ToList()) _states.TryRemove(key, out _);
    }
}
