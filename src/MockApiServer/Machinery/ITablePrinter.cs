using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>One column of a meta.k8s.io/v1 Table; priority 1 columns show only with -o wide.</summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0);

/// <summary>A kind's server-side printer, as kube-apiserver's printers/internalversion declares them.</summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The cells of one row; strings, numbers, booleans or null, in column order.</summary>
    IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now);
}
