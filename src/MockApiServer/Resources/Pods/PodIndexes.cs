using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>The indexes the cache keeps for pods: by label (as every kind) and by the node they are bound to.</summary>
public static class PodIndexes
{
    /// <summary>Pods by spec.nodeName across namespaces: what a kubelet and the scheduler's node view read.</summary>
    public static readonly ObjectIndex NodeName = new("spec.nodeName",
        o => ((V1Pod)o).Spec?.NodeName is { Length: > 0 } node ? [node] : [], AcrossNamespaces: true);

    public static readonly IReadOnlyList<ObjectIndex> All = [ObjectIndex.Labels, NodeName];
}
