using System.Globalization;

namespace MockApiServer.Machinery;

/// <summary>
/// One field error as apimachinery's field.Error renders it: the cause's reason, the body
/// without the path, and the path.
/// </summary>
public sealed record FieldError(string Reason, string Field, string Body)
{
    public override string ToString() => $"{Field}: {Body}";

    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, object? value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {Render(value)}: {detail}");

    public static FieldError NotFound(string field, object? value) =>
        new("FieldValueNotFound", field, $"Not found: {Render(value)}");

    public static FieldError Duplicate(string field, object? value) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {Render(value)}");

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Order(StringComparer.Ordinal).Select(s => $"\"{s}\""))}");

    /// <summary>field.NotSupported with a list Kubernetes does not sort (<see cref="NotSupported"/> always sorts).</summary>
    public static FieldError NotSupportedInOrder(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(s => Render(s)))}");

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, $"Forbidden: {detail}");

    public static FieldError TooLong(string field, int max) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {max} bytes");

    /// <summary>Values are printed as Go's %#v would: strings quoted, numbers bare, nil as null.</summary>
    public static string Render(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary<string, string> map => "map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{Quote(p.Value)}")) + "}",
        IEnumerable<string> list => "[]string{" + string.Join(", ", list.Select(Quote)) + "}",
        _ => value.ToString() ?? "null",
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
