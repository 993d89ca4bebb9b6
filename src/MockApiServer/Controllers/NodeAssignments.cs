using k8s.Models;

namespace MockApiServer.Controllers;

/// <summary>
/// The scheduler's cache of which node each pod is on or assumed on ("namespace/name" keys),
/// with the counts a decision reads kept as pods come and go: pods per node, and pods per node
/// for each group of pods with the very same labels (the siblings when no Service selects them).
/// Not thread-safe: the scheduler holds its lock around every call.
/// </summary>
public sealed class NodeAssignments
{
    private readonly Dictionary<string, (string Node, string? Group)> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _perGroup = new(StringComparer.Ordinal);

    public void Assign(string key, string node, V1Pod pod)
    {
        var group = Group(pod.Metadata.NamespaceProperty, pod.Metadata.Labels);
        if (_pods.TryGetValue(key, out var existing) && existing.Node == node && existing.Group == group) return;
        Remove(key);
        _pods[key] = (node, group);
        _perNode[node] = _perNode.GetValueOrDefault(node) + 1;
        if (group is null) return;
        if (!_perGroup.TryGetValue(group, out var nodes)) _perGroup[group] = nodes = new(StringComparer.Ordinal);
        nodes[node] = nodes.GetValueOrDefault(node) + 1;
    }

    /// <summary>Forgets the pod; false when it was not assigned.</summary>
    public bool Remove(string key)
    {
        if (!_pods.Remove(key, out var existing)) return false;
        Decrement(_perNode, existing.Node);
        if (existing.Group is { } group && _perGroup.TryGetValue(group, out var nodes))
        {
            Decrement(nodes, existing.Node);
            if (nodes.Count == 0) _perGroup.Remove(group);
        }
        return true;
    }

    public int PodsOn(string node) => _perNode.GetValueOrDefault(node);

    public string? NodeOf(string key) => _pods.TryGetValue(key, out var assigned) ? assigned.Node : null;

    /// <summary>Per node, the pods of the namespace whose labels are exactly <paramref name="labels"/> (none for a pod without labels).</summary>
    public Dictionary<string, int> SameLabelsPerNode(string ns, IDictionary<string, string>? labels) =>
        Group(ns, labels) is { } group && _perGroup.TryGetValue(group, out var nodes) ? new(nodes, StringComparer.Ordinal) : [];

    private static string? Group(string ns, IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? null : ns + "\n" + string.Join("\n", labels.Select(l => l.Key + "=" + l.Value).Order(StringComparer.Ordinal));

    private static void Decrement(Dictionary<string, int> counts, string node)
    {
        if (counts.TryGetValue(node, out var n) && n > 1) counts[node] = n - 1;
        else counts.Remove(node);
    }
}
