using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Nodes;

/// <summary>kubectl get columns for Node (kube-apiserver's printers).</summary>
public sealed class NodeTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var item = (V1Node)obj;
        return [item.Metadata.Name, HumanDuration.Age(item.Metadata.CreationTimestamp, now)];
    }
}
