using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>The model-type walk of <see cref="ModelTypes"/>, under the name the patch code uses.</summary>
internal static class ModelFields
{
    /// <summary>The type under <paramref name="jsonProperty"/>; for maps, the value type; null when unknown.</summary>
    public static Type? FieldType(Type? type, string jsonProperty) => ModelTypes.FieldType(type, jsonProperty);

    /// <summary>The element type of a list type; null when <paramref name="listType"/> is not a list.</summary>
    public static Type? ElementType(Type? listType) => ModelTypes.ElementType(listType);
}
