using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.CustomResources;

/// <summary>
/// A custom resource's table (registry/customresource/tableconvertor): Name, then the version's
/// additionalPrinterColumns, or Age when it declares none (serveDefaultColumnsIfEmpty). A cell
/// whose path finds nothing, or a value of another type than the column's, is null.
/// </summary>
public sealed class CustomResourceTable : ITablePrinter
{
    private readonly List<(TableColumn Column, ColumnJsonPath? Path)> _columns;

    public CustomResourceTable(IList<V1CustomResourceColumnDefinition>? columns)
    {
        var declared = columns is { Count: > 0 } ? columns : [new V1CustomResourceColumnDefinition
        {
            Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp", Description = TableColumns.Age.Description,
        }];
        _columns = [.. declared.Select(c => (
            new TableColumn(c.Name, c.Type, c.Format ?? "", string.IsNullOrEmpty(c.Description) ? $"Custom resource definition column (in JSONPath format): {c.JsonPath}" : c.Description, c.Priority ?? 0),
            ColumnJsonPath.Parse(c.JsonPath)))];
        Columns = [TableColumns.Name, .. _columns.Select(c => c.Column)];
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var tree = KubeJson.SerializeToNode(obj);
        var cells = new List<object?>(_columns.Count + 1) { obj.Metadata.Name };
        foreach (var (column, path) in _columns)
            cells.Add(path?.First(tree) is { } value ? Cell(column.Type, value, now) : null);
        return cells;
    }

    private static object? Cell(string type, JsonNode value, DateTime now)
    {
        var kind = value.GetValueKind();
        return type switch
        {
            "string" => ColumnJsonPath.Text(value),
            "integer" when kind == JsonValueKind.Number => value.AsValue().TryGetValue<long>(out var l) ? l : (long)value.GetValue<double>(),
            "number" when kind == JsonValueKind.Number => value.GetValue<double>(),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            "date" when kind == JsonValueKind.String => DateTime.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? HumanDuration.Age(t, now) : "<invalid>",
            _ => null,
        };
    }
}
