using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Nodes;

/// <summary>Nodes: cluster-scoped; status is written by the (simulated) kubelet through /status.</summary>
public sealed class NodeStrategy() : ResourceStrategy<V1Node>(NodeValidation.ValidateCreate)
{
    public override ITablePrinter Table { get; } = new NodeTable();

    protected override IReadOnlyDictionary<string, Func<V1Node, string?>> Fields { get; } =
        new Dictionary<string, Func<V1Node, string?>> { ["spec.unschedulable"] = n => n.Spec?.Unschedulable == true ? "true" : "false" };

    // Unlike most kinds, a new node keeps the status it was created with (kubelets register that way).
    protected override void PrepareForCreate(V1Node node) => node.Spec ??= new V1NodeSpec();
}
