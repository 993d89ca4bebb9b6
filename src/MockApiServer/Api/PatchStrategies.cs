using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> Go struct tags of the lists in the kinds we serve
/// (k8s.io/api core/v1 and meta/v1 types.go), from <see cref="PatchTags"/>. Lists not listed here are atomic: a strategic merge patch replaces them.
/// The OpenAPI document emits <c>x-kubernetes-patch-strategy</c>/<c>-merge-key</c> from the same
/// table, so kubectl's client-side patches and this server's merging agree.
/// </summary>
public static class PatchStrategies
{
    private const string Merge = "merge";

    /// <summary>Every tagged field, for emitting OpenAPI extensions.</summary>
    public static IEnumerable<(Type Type, string JsonProperty, string Strategy, string? MergeKey)> Entries =>
        PatchTags.Entries;

    /// <summary>The Go tags of <paramref name="jsonProperty"/> on <paramref name="type"/>; both null when untagged.</summary>
    public static (string? Strategy, string? MergeKey) For(Type type, string jsonProperty) =>
        PatchTags.For(type, jsonProperty);

    internal static FieldPatchMeta Lookup(Type? type, string jsonProperty)
    {
        var (strategy, mergeKey) = type is null ? (null, null) : For(type, jsonProperty);
        var strategies = strategy?.Split(',') ?? [];
        return new FieldPatchMeta(
            ModelFields.FieldType(type, jsonProperty),
            strategies.Contains(Merge),
            strategies.Contains("replace"),
            mergeKey);
    }
}

/// <summary>What the merge needs to know about one field: its model type and how lists under it merge.</summary>
internal readonly record struct FieldPatchMeta(Type? FieldType, bool IsMerge, bool IsReplace, string? MergeKey)
{
    public Type? ElementType => ModelFields.ElementType(FieldType);
}
