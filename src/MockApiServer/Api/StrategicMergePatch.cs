using System.Text.Json;
using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>
/// Kubernetes' strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), applied the
/// way kube-apiserver applies it: maps merge and <c>null</c> deletes; lists tagged
/// <c>patchStrategy:"merge"</c> in <see cref="PatchStrategies"/> merge by their merge key (or as
/// sets of primitives), all other lists are replaced; the directives <c>$patch</c>,
/// <c>$retainKeys</c>, <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> are obeyed
/// and never reach the result.
/// </summary>
public static class StrategicMergePatch
{
    internal const string Directive = "$patch";
    internal const string RetainKeys = "$retainKeys";
    internal const string SetElementOrderPrefix = "$setElementOrder/";
    internal const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>Merges <paramref name="patch"/> into a copy of <paramref name="original"/>; neither is modified.</summary>
    /// <param name="original">The live object's JSON.</param>
    /// <param name="patch">The patch body.</param>
    /// <param name="modelType">The k8s.Models type of the root object, e.g. <c>typeof(V1Pod)</c>.</param>
    /// <exception cref="PatchException">The patch is malformed or uses a directive wrongly.</exception>
    public static JsonNode? Apply(JsonObject original, JsonObject patch, Type modelType) =>
        MergeMap((JsonObject)original.DeepClone(), (JsonObject)patch.DeepClone(), modelType);

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>, consuming both.</summary>
    internal static JsonObject MergeMap(JsonObject original, JsonObject patch, Type? type)
    {
        if (patch.TryGetPropertyValue(Directive, out var directive)) return MapDirective(directive, patch, type);
        ApplyRetainKeys(original, patch);
        StrategicListMerge.ApplySetElementOrders(original, patch, type);
        var deletions = new List<(string Field, JsonNode? Values)>();
        foreach (var key in patch.Select(p => p.Key).ToList())
        {
            var value = Detach(patch, key);
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                deletions.Add((key[DeleteFromPrimitiveListPrefix.Length..], value));
            else
                MergeField(original, key, value, type);
        }
        foreach (var (field, values) in deletions) StrategicListMerge.DeleteFromPrimitiveList(original, field, values);
        return original;
    }

    /// <summary>A patch value for a field the original lacks: the value with nulls and directives resolved.</summary>
    internal static JsonNode? Fresh(JsonNode? patch, FieldPatchMeta meta) => patch switch
    {
        JsonObject o => MergeMap(new JsonObject(), o, meta.FieldType),
        JsonArray a => StrategicListMerge.MergeField(new JsonArray(), a, meta),
        _ => patch,
    };

    internal static JsonNode? Detach(JsonObject parent, string key)
    {
        parent.Remove(key, out var value);
        return value;
    }

    private static void MergeField(JsonObject original, string key, JsonNode? patchValue, Type? type)
    {
        if (patchValue is null)
        {
            original.Remove(key);
            return;
        }
        var meta = PatchStrategies.Lookup(type, key);
        var current = Detach(original, key);
        original[key] = (current, patchValue) switch
        {
            (JsonObject o, JsonObject p) when !meta.IsReplace => MergeMap(o, p, meta.FieldType),
            (JsonArray o, JsonArray p) => StrategicListMerge.MergeField(o, p, meta),
            _ => Fresh(patchValue, meta),
        };
    }

    private static JsonObject MapDirective(JsonNode? directive, JsonObject patch, Type? type)
    {
        var value = directive?.GetValueKind() == JsonValueKind.String ? directive.GetValue<string>() : StrategicMergeErrors.Go(directive);
        switch (value)
        {
            case "replace":
                patch.Remove(Directive);
                return MergeMap(new JsonObject(), patch, type);
            case "delete":
                return new JsonObject();
            default:
                throw StrategicMergeErrors.BadPatchType(value, patch);
        }
    }

    /// <summary><c>$retainKeys</c>: the original keeps only the listed keys, and the patch may set no others.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.ContainsKey(RetainKeys)) return;
        if (Detach(patch, RetainKeys) is not JsonArray list || list.Any(k => k?.GetValueKind() != JsonValueKind.String))
            throw StrategicMergeErrors.BadRetainKeys();
        var retained = list.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        if (patch.Any(p => p.Value is not null && !p.Key.StartsWith('$') && !retained.Contains(p.Key)))
            throw StrategicMergeErrors.BadRetainKeys();
        foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
            original.Remove(key);
    }
}
