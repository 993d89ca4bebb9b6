using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Namespaces;

/// <summary>kubectl get columns for Namespace (k/k printers.go printNamespace).</summary>
public sealed class NamespaceTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Status", "string", "", "The status of the namespace"),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var ns = (V1Namespace)obj;
        return [ns.Metadata.Name, ns.Status?.Phase ?? "", HumanDuration.Age(ns.Metadata.CreationTimestamp, now)];
    }
}
