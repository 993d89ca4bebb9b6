using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Deployments;

/// <summary>kubectl get columns for Deployments (k/k printers.go printDeployment): READY is readyReplicas/replicas.</summary>
public sealed class DeploymentTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Ready", "string", "", "Number of the pod with ready state"),
        new("Up-to-date", "string", "", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
        new("Available", "string", "", "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumns.Age,
        new("Containers", "string", "", "Names of each container in the template.", Priority: 1),
        new("Images", "string", "", "Images referenced by each container in the template.", Priority: 1),
        new("Selector", "string", "", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", Priority: 1),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var d = (V1Deployment)obj;
        var (names, images) = TableCells.Containers(d.Spec?.Template?.Spec);
        var desired = d.Spec?.Replicas ?? 0;
        return
        [
            d.Metadata.Name,
            string.Create(CultureInfo.InvariantCulture, $"{d.Status?.ReadyReplicas ?? 0}/{desired}"),
            (long)(d.Status?.UpdatedReplicas ?? 0),
            (long)(d.Status?.AvailableReplicas ?? 0),
            HumanDuration.Age(d.Metadata.CreationTimestamp, now),
            names,
            images,
            d.Spec?.Selector is { } selector ? LabelSelector.FromLabelSelector(selector).ToString() : "",
        ];
    }
}
