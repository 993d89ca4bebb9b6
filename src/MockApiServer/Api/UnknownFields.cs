using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MockApiServer.Api;

/// <summary>
/// Finds the fields of a JSON body that the model type does not have, with Kubernetes' paths
/// (<c>spec.containers[0].foo</c>), for fieldValidation Strict and Warn.
/// </summary>
public static class UnknownFields
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> Properties = new();

    public static IReadOnlyList<string> Find(JsonObject tree, Type type) => Find(JsonSerializer.SerializeToElement(tree), type);

    /// <summary>The unknown fields of a body of <paramref name="resource"/>: a custom resource's are those its schema prunes.</summary>
    public static IReadOnlyList<string> Find(JsonElement tree, Machinery.ResourceDefinition resource)
    {
        if (resource.ModelType != typeof(Machinery.CustomObject)) return Find(tree, resource.ModelType);
        if (resource.Schema is null || JsonObject.Create(tree.Clone()) is not { } copy) return [];
        return Machinery.StructuralSchema.Prune(copy, resource.Schema);
    }

    public static IReadOnlyList<string> Find(JsonElement tree, Type type)
    {
        var unknown = new List<string>();
        Walk(tree, type, "", unknown, 0);
        return unknown;
    }

    private static void Walk(JsonElement node, Type type, string path, List<string> unknown, int depth)
    {
        if (depth > 64) return;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsLeaf(type)) return;
        // A custom resource's fields are known to its schema, not to its class: pruning reports them.
        if (type == typeof(Machinery.CustomObject)) return;
        if (DictionaryValueType(type) is { } valueType)
        {
            if (node.ValueKind == JsonValueKind.Object) foreach (var p in node.EnumerateObject()) Walk(p.Value, valueType, Join(path, p.Name), unknown, depth + 1);
            return;
        }
        if (ListElementType(type) is { } elementType)
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in node.EnumerateArray()) Walk(item, elementType, $"{path}[{i++}]", unknown, depth + 1);
            }
            return;
        }
        if (node.ValueKind != JsonValueKind.Object) return;
        var properties = Properties.GetOrAdd(type, Describe);
        foreach (var p in node.EnumerateObject())
        {
            if (properties.TryGetValue(p.Name, out var propertyType)) Walk(p.Value, propertyType, Join(path, p.Name), unknown, depth + 1);
            else unknown.Add(Join(path, p.Name));
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(decimal) || type == typeof(IntOrString) || type == typeof(ResourceQuantity) || type == typeof(object)
        || type == typeof(byte[]) || type == typeof(TimeSpan);

    private static Type? DictionaryValueType(Type type)
    {
        var dict = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dict?.GetGenericArguments()[1];
    }

    private static Type? ListElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        var list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0];
    }

    private static Dictionary<string, Type> Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .GroupBy(p => p.Name!)
            .ToDictionary(g => g.Key, g => g.First().PropertyType, StringComparer.Ordinal);
}
