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
}
