using System.Text.Json;
using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>
/// The list half of <see cref="StrategicMergePatch"/>: merging by key, primitive sets,
/// <c>$patch</c> list elements, <c>$deleteFromPrimitiveList</c> and <c>$setElementOrder</c>, with
/// apimachinery's ordering: patch items in patch order, server-only items interleaved where the
/// live list had them.
/// </summary>
internal static class StrategicListMerge
{
    /// <summary>Merges a list field; lists not tagged merge are replaced by the patch.</summary>
    public static JsonArray MergeField(JsonArray original, JsonArray patch, FieldPatchMeta meta) =>
        meta.IsMerge ? Merge(Detach(original), Detach(patch), meta) : Replacement(Detach(patch), meta);

    /// <summary>Processes every <c>$setElementOrder/field</c> of a map, with the patch's list for that field.</summary>
    public static void ApplySetElementOrders(JsonObject original, JsonObject patch, Type? type)
    {
        foreach (var key in patch.Select(p => p.Key).Where(k => k.StartsWith(StrategicMergePatch.SetElementOrderPrefix, StringComparison.Ordinal)).ToList())
        {
            if (StrategicMergePatch.Detach(patch, key) is not JsonArray orderList) throw StrategicMergeErrors.BadSetElementOrder();
            var field = key[StrategicMergePatch.SetElementOrderPrefix.Length..];
            var meta = PatchStrategies.Lookup(type, field);
            var originalList = ListOrNull(StrategicMergePatch.Detach(original, field));
            var patchList = ListOrNull(StrategicMergePatch.Detach(patch, field));
            var order = Detach(orderList);
            if (patchList is not null) ValidateOrder(patchList, order, meta.MergeKey);
            var live = originalList is null ? [] : Detach(originalList);
            var merged = (originalList, patchList) switch
            {
                (null, null) => null,
                (_, null) => live,
                (null, _) => Detach(MergeField(new JsonArray(), patchList, meta)),
                _ => Detach(MergeField(new JsonArray(live.Select(n => n?.DeepClone()).ToArray()), patchList, meta)),
            };
            if (merged is null) continue;
            original[field] = meta.MergeKey is null && merged.Any(n => n is JsonObject)
                ? new JsonArray([.. merged])
                : Order(merged, order, live, meta.MergeKey);
        }
    }

    /// <summary><c>$deleteFromPrimitiveList/field</c>: removes the listed values, keeping the rest in order.</summary>
    public static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is not JsonArray toDelete) throw StrategicMergeErrors.BadPrimitiveList();
        if (!original.TryGetPropertyValue(field, out var current) || current is not JsonArray list) return;
        if (list.Concat(toDelete).Any(n => n is JsonObject or JsonArray)) throw StrategicMergeErrors.BadPrimitiveList();
        var kept = Detach(list).Where(n => !toDelete.Any(d => JsonNode.DeepEquals(d, n))).ToArray();
        original[field] = new JsonArray(kept);
    }

    private static JsonArray Merge(List<JsonNode?> original, List<JsonNode?> patch, FieldPatchMeta meta)
    {
        if (original.Count == 0 && patch.Count == 0) return [];
        var mapElements = ElementKind(original, patch) == JsonValueKind.Object;
        if (!mapElements)
        {
            var union = original.ToList();
            union.AddRange(patch.Where(p => !union.Any(o => JsonNode.DeepEquals(o, p))));
            return Order(union, patch, original, null);
        }
        var key = meta.MergeKey ?? throw StrategicMergeErrors.NoMergeKeyForList(meta.ElementType);
        var (live, items, replace) = SpecialElements(original, patch, key);
        var merged = live.ToList();
        foreach (var item in items)
        {
            var value = item[key] ?? throw StrategicMergeErrors.NoMergeKey(item, key);
            var index = merged.FindIndex(o => o is JsonObject m && m.TryGetPropertyValue(key, out var v) && JsonNode.DeepEquals(v, value));
            if (index >= 0) merged[index] = StrategicMergePatch.MergeMap((JsonObject)merged[index]!, item, meta.ElementType);
            else merged.Add(StrategicMergePatch.MergeMap(new JsonObject(), item, meta.ElementType));
        }
        return replace ? new JsonArray([.. merged]) : Order(merged, patch.Where(p => p is JsonObject o && o.ContainsKey(key)).ToList(), live, key);
    }

    /// <summary>
    /// Splits off elements carrying <c>$patch</c>: <c>delete</c> drops the live element with the
    /// same key, <c>replace</c> drops all of them.
    /// </summary>
    private static (List<JsonNode?> Live, List<JsonObject> Items, bool Replace) SpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string key)
    {
        var items = new List<JsonObject>();
        var live = original.ToList();
        var replace = false;
        foreach (var element in patch.Cast<JsonObject>())
        {
            if (!element.TryGetPropertyValue(StrategicMergePatch.Directive, out var directive))
            {
                items.Add(element);
                continue;
            }
            switch (directive?.GetValueKind() == JsonValueKind.String ? directive.GetValue<string>() : StrategicMergeErrors.Go(directive))
            {
                case "delete":
                    var value = element[key] ?? throw StrategicMergeErrors.DeleteWithoutMergeKey();
                    live.RemoveAll(o => o is JsonObject m && m.TryGetPropertyValue(key, out var v) && JsonNode.DeepEquals(v, value));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw StrategicMergeErrors.MergeInList();
                case var other:
                    throw StrategicMergeErrors.BadPatchType(other, element);
            }
        }
        return (replace ? [] : live, items, replace);
    }

    /// <summary>A replaced (atomic) list: the patch's elements, minus directive elements, with nested nulls and directives resolved.</summary>
    private static JsonArray Replacement(List<JsonNode?> patch, FieldPatchMeta meta) =>
        new(patch
            .Where(n => n is not JsonObject o || !o.ContainsKey(StrategicMergePatch.Directive))
            .Select(n => n is JsonObject o ? StrategicMergePatch.MergeMap(new JsonObject(), o, meta.ElementType) : n)
            .ToArray());

    /// <summary>
    /// apimachinery's normalizeElementOrder: items named in <paramref name="patchOrder"/> sorted as
    /// it says, the others sorted as <paramref name="serverOrder"/> (the live list), then the two
    /// interleaved so each server-only item stays before the patch items it preceded live.
    /// </summary>
    private static JsonArray Order(List<JsonNode?> merged, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, string? key)
    {
        foreach (var item in patchOrder.Concat(serverOrder).Concat(merged))
            if (key is not null && (item is not JsonObject o || !o.ContainsKey(key)))
                throw item is JsonObject m ? StrategicMergeErrors.NoMergeKey(m, key) : StrategicMergeErrors.BadArgType(StrategicMergeErrors.MapType, item);
        var patchItems = merged.Where(m => IndexOf(patchOrder, m, key) >= 0).OrderBy(m => IndexOf(patchOrder, m, key)).ToList();
        var serverOnly = merged.Where(m => IndexOf(patchOrder, m, key) < 0).OrderBy(m => IndexOf(serverOrder, m, key)).ToList();
        var result = new List<JsonNode?>(merged.Count);
        int i = 0, j = 0;
        while (i < serverOnly.Count || j < patchItems.Count)
        {
            var takeServer = j >= patchItems.Count
                || (i < serverOnly.Count && IndexOf(serverOrder, patchItems[j], key) is var pi && pi >= 0
                    && IndexOf(serverOrder, serverOnly[i], key) < pi);
            result.Add(takeServer ? serverOnly[i++] : patchItems[j++]);
        }
        return new JsonArray([.. result]);
    }

    private static int IndexOf(List<JsonNode?> list, JsonNode? item, string? key)
    {
        var value = key is null ? item : item?[key];
        return list.FindIndex(n => JsonNode.DeepEquals(key is null ? n : (n as JsonObject)?[key], value));
    }

    /// <summary>Checks that the patch list names its items in the same relative order as <c>$setElementOrder</c>.</summary>
    private static void ValidateOrder(JsonArray patchList, List<JsonNode?> order, string? key)
    {
        if (order.Count == 0 || patchList.Count == 0) return;
        var items = patchList.Where(n => n is not JsonObject o || !o.ContainsKey(StrategicMergePatch.Directive)).ToList();
        int p = 0, s = 0;
        while (p < items.Count && s < order.Count)
        {
            if (KeyEquals(items[p], order[s], key)) p++;
            s++;
        }
        if (p < items.Count) throw StrategicMergeErrors.OrderMismatch(patchList, new JsonArray(order.Select(n => n?.DeepClone()).ToArray()));
    }

    private static bool KeyEquals(JsonNode? left, JsonNode? right, string? key)
    {
        if (key is null) return JsonNode.DeepEquals(left, right);
        if (left is not JsonObject l) throw StrategicMergeErrors.BadArgType(StrategicMergeErrors.MapType, left);
        if (right is not JsonObject r) throw StrategicMergeErrors.BadArgType(StrategicMergeErrors.MapType, right);
        if (!l.TryGetPropertyValue(key, out var lv)) throw StrategicMergeErrors.NoMergeKey(l, key);
        if (!r.TryGetPropertyValue(key, out var rv)) throw StrategicMergeErrors.NoMergeKey(r, key);
        return JsonNode.DeepEquals(lv, rv);
    }

    private static JsonValueKind ElementKind(List<JsonNode?> original, List<JsonNode?> patch)
    {
        var kinds = original.Concat(patch).Select(n => n?.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => JsonValueKind.True,
            var kind => kind ?? JsonValueKind.Null,
        }).ToList();
        if (kinds[0] == JsonValueKind.Array) throw StrategicMergeErrors.ListOfLists();
        if (kinds.Distinct().Count() > 1)
            throw StrategicMergeErrors.ElementTypesDiffer([new JsonArray(original.Select(n => n?.DeepClone()).ToArray()), new JsonArray(patch.Select(n => n?.DeepClone()).ToArray())]);
        return kinds[0];
    }

    private static JsonArray? ListOrNull(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => a,
        _ => throw StrategicMergeErrors.BadArgType(StrategicMergeErrors.ListType, node),
    };

    private static List<JsonNode?> Detach(JsonArray array)
    {
        var items = array.ToList();
        array.Clear();
        return items;
    }
}
