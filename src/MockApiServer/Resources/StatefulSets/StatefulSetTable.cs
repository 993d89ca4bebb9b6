using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.StatefulSets;

/// <summary>kubectl get columns for StatefulSets (k/k printers.go printStatefulSet): READY is readyReplicas/replicas.</summary>
public sealed class StatefulSetTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Ready", "string", "", "Number of the pod with ready state"),
        TableColumns.Age,
        new("Containers", "string", "", "Names of each container in the template.", Priority: 1),
        new("Images", "string", "", "Images referenced by each container in the template.", Priority: 1),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var sts = (V1StatefulSet)obj;
        var (names, images) = TableCells.Containers(sts.Spec?.Template?.Spec);
        return
        [
            sts.Metadata.Name,
            string.Create(CultureInfo.InvariantCulture, $"{sts.Status?.ReadyReplicas ?? 0}/{sts.Spec?.Replicas ?? 0}"),
            HumanDuration.Age(sts.Metadata.CreationTimestamp, now),
            names,
            images,
        ];
    }
}
