using System.Text.RegularExpressions;

namespace MockApiServer.Machinery.Validation;

/// <summary>
/// What ConfigMaps and Secrets share: apimachinery's IsConfigMapKey (keys of data, binaryData,
/// projected items) and the 1 MiB limit on an object's values (core.MaxSecretSize).
/// </summary>
public static partial class ConfigKeyValidation
{
    public const int MaxSize = 1024 * 1024;
    private const string KeyFmt = "[-._a-zA-Z0-9]+";
    private const string KeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    [GeneratedRegex("^" + KeyFmt + "$")] private static partial Regex KeyRegex();

    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253) errors.Add(NameValidation.MaxLen(253));
        if (!KeyRegex().IsMatch(value))
            errors.Add(KeyErrMsg + " (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '" + KeyFmt + "')");
        if (value == ".") errors.Add("must not be '.'");
        else if (value == "..") errors.Add("must not be '..'");
        else if (value.StartsWith("..", StringComparison.Ordinal)) errors.Add("must not start with '..'");
        return errors;
    }

    /// <summary>field.Path.Key: <c>data[key]</c>.</summary>
    public static string KeyPath(string path, string key) => $"{path}[{key}]";

    public static FieldError Immutable(string field) => FieldError.Forbidden(field, "field is immutable when `immutable` is set");

    /// <summary>reflect.DeepEqual on maps: nil and empty differ.</summary>
    public static bool SameMap<TValue>(IDictionary<string, TValue>? a, IDictionary<string, TValue>? b, Func<TValue, TValue, bool> equal)
    {
        if (a is null || b is null) return a is null && b is null;
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && equal(pair.Value, other));
    }
}
