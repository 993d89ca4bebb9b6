using System.Globalization;
using k8s.Models;

namespace MockApiServer.Controllers;

/// <summary>
/// The pod arithmetic the ReplicaSet and Deployment controllers share (k/k pkg/controller
/// controller_utils.go and podutil): which pods count, which are ready or available, and the
/// order in which a scale-down deletes them (ActivePodsWithRanks).
/// </summary>
public static class ReplicaSetPods
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>FilterActivePods: neither terminal nor being deleted.</summary>
    public static bool IsActive(V1Pod pod) => pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static V1PodCondition? Ready(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsReady(V1Pod pod) => Ready(pod)?.Status == "True";

    /// <summary>IsPodAvailable: ready for at least minReadySeconds.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (Ready(pod) is not { Status: "True" } ready) return false;
        return minReadySeconds == 0 || (ready.LastTransitionTime is { } t && t.AddSeconds(minReadySeconds) <= now);
    }

    /// <summary>When a ready pod not yet available becomes available, for a requeue; null when none is waiting.</summary>
    public static DateTime? NextAvailable(IEnumerable<V1Pod> pods, int minReadySeconds, DateTime now)
    {
        if (minReadySeconds == 0) return null;
        DateTime? next = null;
        foreach (var pod in pods)
        {
            if (Ready(pod) is not { Status: "True", LastTransitionTime: { } t }) continue;
            var at = t.AddSeconds(minReadySeconds);
            if (at > now && (next is null || at < next)) next = at;
        }
        return next;
    }

    /// <summary>
    /// getPodsToDelete: the pods a scale-down removes first, ranked as ActivePodsWithRanks sorts
    /// them — unassigned before assigned, Pending before Unknown before Running, not ready before
    /// ready, lower deletion cost first, more siblings on the same node first, ready for less time
    /// first, more restarts first, newer first.
    /// </summary>
    public static List<V1Pod> ToDelete(IReadOnlyList<V1Pod> active, int count)
    {
        if (count >= active.Count) return [.. active];
        var perNode = active.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)).GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        var ranked = active.ToList();
        ranked.Sort((a, b) => Compare(a, b, perNode));
        return ranked.Take(count).ToList();
    }

    private static int Compare(V1Pod a, V1Pod b, Dictionary<string, int> perNode)
    {
        int c;
        if ((c = Assigned(a).CompareTo(Assigned(b))) != 0) return c;
        if ((c = PhaseRank(a).CompareTo(PhaseRank(b))) != 0) return c;
        if ((c = IsReady(a).CompareTo(IsReady(b))) != 0) return c;
        if ((c = DeletionCost(a).CompareTo(DeletionCost(b))) != 0) return c;
        if ((c = Rank(b, perNode).CompareTo(Rank(a, perNode))) != 0) return c;
        if (IsReady(a) && IsReady(b) && (c = ReadySince(b).CompareTo(ReadySince(a))) != 0) return c;
        if ((c = Restarts(b).CompareTo(Restarts(a))) != 0) return c;
        return (b.Metadata.CreationTimestamp ?? DateTime.MinValue).CompareTo(a.Metadata.CreationTimestamp ?? DateTime.MinValue);
    }

    private static bool Assigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static int PhaseRank(V1Pod pod) => pod.Status?.Phase switch { "Pending" => 0, "Running" => 2, _ => 1 };

    private static int Rank(V1Pod pod, Dictionary<string, int> perNode) => Assigned(pod) ? perNode.GetValueOrDefault(pod.Spec.NodeName) : 0;

    private static DateTime ReadySince(V1Pod pod) => Ready(pod)?.LastTransitionTime ?? DateTime.MinValue;

    private static int Restarts(V1Pod pod) => (pod.Status?.ContainerStatuses ?? []).Sum(s => s.RestartCount);

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var cost) == true && int.TryParse(cost, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
