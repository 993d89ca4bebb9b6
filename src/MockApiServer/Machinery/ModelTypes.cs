using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MockApiServer.Machinery;

/// <summary>
/// Walks the official client's model types by their JSON names, the way apimachinery walks Go
/// structs by their json tags: a field's type, a list's element type, a map's value type.
/// </summary>
internal static class ModelTypes
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Fields = new();

    /// <summary>The type under <paramref name="jsonProperty"/>; for maps, the value type; null when unknown.</summary>
    public static Type? FieldType(Type? type, string jsonProperty)
    {
        if (type is null) return null;
        if (GenericArgument(type, typeof(IDictionary<,>), 1) is { } valueType) return valueType;
        return Fields.GetOrAdd(type, Describe).GetValueOrDefault(jsonProperty);
    }

    /// <summary>The element type of a list type; null when <paramref name="listType"/> is not a list.</summary>
    public static Type? ElementType(Type? listType) =>
        listType is null || listType == typeof(string) ? null : GenericArgument(listType, typeof(IEnumerable<>), 0);

    private static IReadOnlyDictionary<string, Type> Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .GroupBy(p => p.Name!)
            .ToDictionary(g => g.Key, g => Nullable.GetUnderlyingType(g.First().PropertyType) ?? g.First().PropertyType);

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        var candidates = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        return candidates.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            ?.GetGenericArguments()[index];
    }
}
