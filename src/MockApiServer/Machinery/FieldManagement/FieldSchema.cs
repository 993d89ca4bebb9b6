using k8s.Models;

namespace MockApiServer.Machinery.FieldManagement;

public enum FieldShape { Scalar, Struct, Map, AtomicMap, ListMap, ListSet, ListAtomic }

/// <summary>
/// The shape of one value for structured merge: a struct (fields of a model type), a granular or
/// atomic map, a list keyed by <c>x-kubernetes-list-map-keys</c>, a set of scalars, an atomic
/// list, or a scalar. Derived from the official client's model types and the same Go
/// patchStrategy/patchMergeKey table (<see cref="PatchTags"/>) the OpenAPI document
/// publishes; lists the table does not name are atomic, as untagged lists are upstream.
/// </summary>
public sealed record FieldSchema(FieldShape Shape, Type? Type, IReadOnlyList<string> Keys)
{
    private static readonly FieldSchema Leaf = new(FieldShape.Scalar, null, []);

    /// <summary>Lists keyed by more than the strategic merge key (+listMapKey tags upstream).</summary>
    private static readonly Dictionary<(Type, string), string[]> ListMapKeys = new()
    {
        [(typeof(V1ServiceSpec), "ports")] = ["port", "protocol"],
        [(typeof(V1Container), "ports")] = ["containerPort", "protocol"],
        [(typeof(V1EphemeralContainer), "ports")] = ["containerPort", "protocol"],
    };

    /// <summary>Maps and structs replaced whole (+mapType=atomic, +structType=atomic upstream).</summary>
    private static readonly HashSet<(Type, string)> AtomicMaps =
    [
        (typeof(V1ServiceSpec), "selector"),
        (typeof(V1ObjectMeta), "ownerReferences"),
    ];

    /// <summary>Key fields that the schema defaults, so an applied item without them matches the live one.</summary>
    public static readonly IReadOnlyDictionary<string, JsonValueDefault> KeyDefaults = new Dictionary<string, JsonValueDefault>
    {
        ["protocol"] = new("TCP"),
    };

    public static FieldSchema ForRoot(Type modelType) => new(FieldShape.Struct, modelType, []);

    /// <summary>The schema of the value under <paramref name="property"/> of this struct or map.</summary>
    public FieldSchema Field(string property)
    {
        if (Shape == FieldShape.Map) return Of(Type, null, null);
        if (Shape != FieldShape.Struct || Type is null) return Leaf;
        return Of(ModelTypes.FieldType(Type, property), Type, property);
    }

    /// <summary>The schema of a list's items.</summary>
    public FieldSchema Item() => Of(Type, null, null);

    private static FieldSchema Of(Type? type, Type? parent, string? property)
    {
        if (type is null || IsScalar(type)) return Leaf;
        var atomic = parent is not null && AtomicMaps.Contains((parent, property!));
        if (type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            return new(atomic ? FieldShape.AtomicMap : FieldShape.Map, ModelTypes.FieldType(type, ""), []);
        if (ModelTypes.ElementType(type) is { } element)
        {
            if (parent is null) return new(FieldShape.ListAtomic, element, []);
            var (strategy, mergeKey) = PatchTags.For(parent, property!);
            if (strategy is null || atomic) return new(FieldShape.ListAtomic, element, []);
            if (IsScalar(element)) return new(FieldShape.ListSet, element, []);
            if (mergeKey is null) return new(FieldShape.ListAtomic, element, []);
            return new(FieldShape.ListMap, element, ListMapKeys.GetValueOrDefault((parent, property!)) ?? [mergeKey]);
        }
        return new(atomic ? FieldShape.AtomicMap : FieldShape.Struct, type, []);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(IntOrString) || type == typeof(ResourceQuantity) || type == typeof(object) || type == typeof(byte[]);
}

/// <summary>A schema default for a list-map key field.</summary>
public sealed record JsonValueDefault(string Value);
