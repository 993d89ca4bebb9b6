using k8s.Models;

namespace MockApiServer.Simulation;

/// <summary>
/// The default scheduler's filter plugins we model, in the framework's order — NodeUnschedulable,
/// TaintToleration, NodeAffinity, NodeResourcesFit (pod count) — each node reporting its first
/// failure with the plugin's own reason text, and FitError's message built from them.
/// </summary>
public static class NodeFit
{
    public const string UnschedulableReason = "node(s) were unschedulable";
    public const string AffinityReason = "node(s) didn't match Pod's node affinity/selector";
    public const string TooManyPodsReason = "Too many pods";
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    /// <summary>Why the pod cannot go to the node, or null when it fits.</summary>
    public static string? Check(V1Pod pod, V1Node node, int podsOnNode)
    {
        var tolerations = pod.Spec.Tolerations ?? [];
        if (node.Spec?.Unschedulable == true && !tolerations.Any(t => Tolerates(t, new V1Taint { Key = UnschedulableTaint, Effect = "NoSchedule" })))
            return UnschedulableReason;
        foreach (var taint in EffectiveTaints(node))
            if (taint.Effect is "NoSchedule" or "NoExecute" && !tolerations.Any(t => Tolerates(t, taint)))
                return $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
        if (!MatchesAffinity(pod, node)) return AffinityReason;
        if (podsOnNode >= NodeTemplate.PodCapacity(node)) return TooManyPodsReason;
        return null;
    }

    /// <summary>FitError.Error(): "0/3 nodes are available: 3 node(s) … preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."</summary>
    public static string FailureMessage(int nodeCount, IEnumerable<string> reasons)
    {
        if (nodeCount == 0) return "no nodes available to schedule pods";
        var list = reasons.ToList();
        var filter = list.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal);
        var preemption = list.GroupBy(r => r == TooManyPodsReason ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling")
            .Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal);
        return $"0/{nodeCount} nodes are available: {string.Join(", ", filter)}. preemption: 0/{nodeCount} nodes are available: {string.Join(", ", preemption)}.";
    }

    /// <summary>The node's taints plus the not-ready taint the node lifecycle controller adds to a node that is not Ready.</summary>
    public static IEnumerable<V1Taint> EffectiveTaints(V1Node node)
    {
        var taints = node.Spec?.Taints ?? [];
        foreach (var t in taints) yield return t;
        if (!NodeTemplate.IsReady(node) && !taints.Any(t => t.Key == NotReadyTaint && t.Effect == "NoSchedule"))
            yield return new V1Taint { Key = NotReadyTaint, Effect = "NoSchedule" };
    }

    /// <summary>v1helper.ToleratesTaint.</summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or "" or null => (toleration.Value ?? "") == (taint.Value ?? "") && !string.IsNullOrEmpty(toleration.Key),
            _ => false,
        };
    }

    /// <summary>nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity.</summary>
    public static bool MatchesAffinity(V1Pod pod, V1Node node)
    {
        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        if (pod.Spec.NodeSelector is { } selector && selector.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value)) return false;
        var terms = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null) return true;
        return terms.Any(term =>
            (term.MatchExpressions is { Count: > 0 } || term.MatchFields is { Count: > 0 })
            && (term.MatchExpressions ?? []).All(e => Matches(e, labels.TryGetValue(e.Key, out var v) ? v : null))
            && (term.MatchFields ?? []).All(e => e.Key == "metadata.name" && Matches(e, node.Metadata.Name)));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value) => requirement.OperatorProperty switch
    {
        "In" => value is not null && (requirement.Values ?? []).Contains(value),
        "NotIn" => value is null || !(requirement.Values ?? []).Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => long.TryParse(value, out var a) && long.TryParse(requirement.Values?.FirstOrDefault(), out var b) && a > b,
        "Lt" => long.TryParse(value, out var c) && long.TryParse(requirement.Values?.FirstOrDefault(), out var d) && c < d,
        _ => false,
    };
}
