using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>
/// apimachinery's mergepatch errors, worded as kube-apiserver words them. Values print the way
/// Go's <c>%v</c> prints decoded JSON (<c>map[name:b]</c>, <c>[a b]</c>), since users compare.
/// </summary>
internal static class StrategicMergeErrors
{
    public static PatchException BadPatchType(string directive, JsonObject map) =>
        new($"unknown patch type: {directive} in map: {Go(map)}");

    public static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        new($"map: {Go(map)} does not contain declared merge key: {mergeKey}");

    public static PatchException BadArgType(string expected, JsonNode? actual) =>
        new($"expected a {expected}, but received a {GoType(actual)}");

    public static PatchException ListOfLists() => new("lists of lists are not supported");

    public static PatchException BadPrimitiveList() => new("invalid patch format of primitive list", 400);

    public static PatchException BadRetainKeys() => new("invalid patch format of retainKeys", 400);

    public static PatchException BadSetElementOrder() => new("invalid patch format of setElementOrder list", 400);

    public static PatchException DeleteWithoutMergeKey() => new("delete patch type with no merge key defined");

    public static PatchException MergeInList() => new("merging lists cannot yet be specified in the patch");

    public static PatchException NoMergeKeyForList(Type? elementType) =>
        new($"cannot merge lists without merge key for {elementType?.Name ?? "map"}");

    public static PatchException ElementTypesDiffer(IEnumerable<JsonArray> lists) =>
        new($"list element types are not identical: [{string.Join(" ", lists.Select(Go))}]");

    public static PatchException OrderMismatch(JsonArray patchList, JsonArray order) =>
        new($"The order in patch list:\n{Go(patchList)}\n doesn't match $setElementOrder list:\n{Go(order)}\n");

    public const string ListType = "[]interface {}";
    public const string MapType = "map[string]interface {}";

    public static string GoType(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "<nil>",
        JsonValueKind.Object => MapType,
        JsonValueKind.Array => ListType,
        JsonValueKind.String => "string",
        JsonValueKind.Number => "float64",
        _ => "bool",
    };

    public static string Go(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonObject o => "map[" + string.Join(" ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Go(p.Value)}")) + "]",
        JsonArray a => "[" + string.Join(" ", a.Select(Go)) + "]",
        _ when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ when node.GetValueKind() == JsonValueKind.Number => GoFloat(node.GetValue<double>()),
        _ => node.ToJsonString(),
    };

    private static string GoFloat(double d) =>
        Math.Abs(d) < 1e21 && d == Math.Floor(d) && Math.Abs(d) < 1e6
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+").Replace("E-", "e-");
}
