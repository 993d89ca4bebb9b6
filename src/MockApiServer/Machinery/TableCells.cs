namespace MockApiServer.Machinery;

/// <summary>Cell formatting shared by several kinds' printers (k/k printers.go and apimachinery labels).</summary>
public static class TableCells
{
    public const string None = "<none>";

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    /// <summary>labels.FormatLabels: "k=v" pairs sorted by key, comma-joined; "&lt;none&gt;" when empty.</summary>
    public static string Labels(IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? None
            : string.Join(",", labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    /// <summary>layoutContainerCells: the template's container names and images, each comma-joined.</summary>
    public static (string Names, string Images) Containers(k8s.Models.V1PodSpec? spec) =>
        (string.Join(",", (spec?.Containers ?? []).Select(c => c.Name)), string.Join(",", (spec?.Containers ?? []).Select(c => c.Image)));
}
