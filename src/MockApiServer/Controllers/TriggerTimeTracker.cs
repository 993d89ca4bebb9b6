using k8s.Models;

namespace MockApiServer.Controllers;

/// <summary>
/// k/k endpointslice/util TriggerTimeTracker: the endpoints.kubernetes.io/last-change-trigger-time
/// of a sync is the Service's creation time when the Service is new to this controller, else the
/// earliest trigger (a pod's Ready transition, the Service's creation) that moved since last seen.
/// </summary>
public sealed class TriggerTimeTracker
{
    public const string Annotation = "endpoints.kubernetes.io/last-change-trigger-time";

    private readonly Dictionary<string, State> _states = [];
    private readonly Lock _gate = new();

    /// <summary>The trigger time for this sync, or null when nothing that counts changed.</summary>
    public DateTime? Compute(string key, V1Service service, IEnumerable<V1Pod> pods)
    {
        State? state;
        lock (_gate) _states.TryGetValue(key, out state);
        var podTimes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        DateTime? min = null;
        foreach (var pod in pods)
        {
            if (EndpointPods.ReadyCondition(pod)?.LastTransitionTime is not { } podTime) continue;
            podTimes[pod.Metadata.Name] = podTime;
            if (state is null || !state.Pods.TryGetValue(pod.Metadata.Name, out var last) || podTime > last) min = Min(min, podTime);
        }
        var serviceTime = service.Metadata.CreationTimestamp;
        if (serviceTime is { } created && (state?.Service is not { } lastService || created > lastService)) min = Min(min, created);
        lock (_gate) _states[key] = new State(podTimes, serviceTime);
        return state is null ? serviceTime : min;
    }

    public void Delete(string key)
    {
        lock (_gate) _states.Remove(key);
    }

    /// <summary>RFC 3339 with nanoseconds, trailing zeros trimmed (Go's time.RFC3339Nano), in UTC.</summary>
    public static string Format(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var fraction = utc.ToString("fffffff", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    private static DateTime Min(DateTime? a, DateTime b) => a is { } x && x < b ? x : b;

    private sealed record State(Dictionary<string, DateTime> Pods, DateTime? Service);
}
