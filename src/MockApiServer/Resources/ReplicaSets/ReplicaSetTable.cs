using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.ReplicaSets;

/// <summary>kubectl get columns for ReplicaSets (k/k printers.go printReplicaSet).</summary>
public sealed class ReplicaSetTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Desired", "integer", "", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
        new("Current", "integer", "", "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
        new("Ready", "integer", "", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
        TableColumns.Age,
        new("Containers", "string", "", "Names of each container in the template.", Priority: 1),
        new("Images", "string", "", "Images referenced by each container in the template.", Priority: 1),
        new("Selector", "string", "", "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", Priority: 1),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var rs = (V1ReplicaSet)obj;
        var (names, images) = TableCells.Containers(rs.Spec?.Template?.Spec);
        return
        [
            rs.Metadata.Name,
            (long)(rs.Spec?.Replicas ?? 0),
            (long)(rs.Status?.Replicas ?? 0),
            (long)(rs.Status?.ReadyReplicas ?? 0),
            HumanDuration.Age(rs.Metadata.CreationTimestamp, now),
            names,
            images,
            LabelSelector.Format(rs.Spec?.Selector),
        ];
    }
}
