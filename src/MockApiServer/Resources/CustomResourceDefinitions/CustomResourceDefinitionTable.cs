using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.CustomResourceDefinitions;

/// <summary>apiextensions serves CRDs with the default table: Name and Created At (RFC 3339).</summary>
public sealed class CustomResourceDefinitionTable : ITablePrinter
{
    public static readonly TableColumn CreatedAt = new("Created At", "date", "", TableColumns.Age.Description);

    public IReadOnlyList<TableColumn> Columns { get; } = [TableColumns.Name, CreatedAt];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now) =>
        [obj.Metadata.Name, obj.Metadata.CreationTimestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)];
}
