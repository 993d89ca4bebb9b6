using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.ConfigMaps;

/// <summary>ConfigMap: no status, no defaults; immutable once <c>immutable: true</c>.</summary>
public sealed class ConfigMapStrategy() : ResourceStrategy<V1ConfigMap>(ConfigMapValidation.ValidateCreate, ConfigMapValidation.ValidateUpdate)
{
    public override ITablePrinter Table { get; } = new ConfigMapTable();

    public override bool HasStatus => false;
}

/// <summary>kubectl get columns for ConfigMaps (k/k printers.go printConfigMap).</summary>
public sealed class ConfigMapTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Data", "string", "", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var configMap = (V1ConfigMap)obj;
        return [configMap.Metadata.Name, (long)((configMap.Data?.Count ?? 0) + (configMap.BinaryData?.Count ?? 0)), HumanDuration.Age(configMap.Metadata.CreationTimestamp, now)];
    }
}
