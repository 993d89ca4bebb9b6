using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace MockApiServer.Machinery.FieldManagement;

/// <summary>
/// metadata.managedFields (apiserver's fieldmanager over structured-merge-diff): every write
/// records what its manager set; an apply merges the applied configuration, removes what the
/// manager stopped applying and nobody else owns, and refuses with 409 a change to a field
/// another manager owns unless forced.
/// </summary>
public static class FieldManager
{
    /// <summary>Server-set metadata that no manager owns (the fieldmanager's stripMeta).</summary>
    private static readonly string[] StrippedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>An Update entry for <paramref name="manager"/>: what changed from <paramref name="old"/> (null for a create) to <paramref name="updated"/>.</summary>
    public static IList<V1ManagedFieldsEntry>? RecordUpdate(IList<V1ManagedFieldsEntry>? entries, JsonObject? old, JsonObject updated,
        Type modelType, string manager, string apiVersion, string? subresource, DateTime now)
    {
        var schema = FieldSchema.ForRoot(modelType);
        var (changed, removed) = StructuredMerge.Compare(Strip(old), Strip(updated), schema);
        var managed = Decode(entries);
        if (changed.IsEmpty && removed.IsEmpty) return entries;
        foreach (var e in managed) e.Set = e.Set.Difference(removed).Difference(changed);
        var mine = managed.FirstOrDefault(e => e.Entry.Manager == manager && e.Entry.Operation == "Update" && e.Entry.Subresource == subresource);
        if (mine is null)
        {
            mine = new Managed(new V1ManagedFieldsEntry { Manager = manager, Operation = "Update", Subresource = subresource }, new FieldSet());
            managed.Add(mine);
        }
        mine.Set = mine.Set.Union(changed);
        mine.Entry.ApiVersion = apiVersion;
        mine.Entry.Time = Truncate(now);
        return Encode(managed);
    }

    /// <summary>
    /// Server-side apply of <paramref name="config"/> onto <paramref name="live"/> (null when the
    /// object does not exist): the merged object with its managedFields, or a 409 listing the conflicts.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject config, Type modelType, string manager, bool force, string apiVersion, DateTime now)
    {
        var schema = FieldSchema.ForRoot(modelType);
        var liveObj = live ?? new JsonObject();
        var managed = Decode(Entries(liveObj));
        var applied = StructuredMerge.ToFieldSet(Strip(config), schema);
        var merged = (JsonObject)StructuredMerge.Merge(liveObj, config, schema)!;
        var (changed, _) = StructuredMerge.Compare(Strip(liveObj), Strip(merged), schema);

        var mine = managed.FirstOrDefault(e => e.Entry.Manager == manager && e.Entry.Operation == "Apply" && e.Entry.Subresource is null);
        var conflicts = new List<(Managed Owner, IReadOnlyList<string> Path)>();
        foreach (var other in managed.Where(e => e != mine))
            foreach (var path in other.Set.Intersection(changed).Intersection(applied).Paths())
                conflicts.Add((other, path));
        if (conflicts.Count > 0 && !force) throw ConflictError(conflicts);
        foreach (var other in managed.Where(e => e != mine)) other.Set = other.Set.Difference(applied.Intersection(changed));

        // What this manager applied before and no longer does is removed, unless another owns it.
        var previous = mine?.Set ?? new FieldSet();
        var others = managed.Where(e => e != mine).Aggregate(new FieldSet(), (acc, e) => acc.Union(e.Set));
        var remove = previous.Difference(applied).Difference(others);
        StructuredMerge.Remove(merged, remove, schema);

        if (mine is null)
        {
            mine = new Managed(new V1ManagedFieldsEntry { Manager = manager, Operation = "Apply" }, new FieldSet());
            managed.Add(mine);
        }
        mine.Set = applied;
        mine.Entry.ApiVersion = apiVersion;
        mine.Entry.Time = Truncate(now);
        var meta = merged["metadata"] as JsonObject ?? new JsonObject();
        merged["metadata"] = meta;
        meta["managedFields"] = Encode(managed) is { } list ? JsonSerializer.SerializeToNode(list, KubeJson.Options) : null;
        if (meta["managedFields"] is null) meta.Remove("managedFields");
        return merged;
    }

    /// <summary>A body's managedFields of one empty entry asks for them to be cleared.</summary>
    public static bool IsReset(IList<V1ManagedFieldsEntry>? entries) =>
        entries is [var only] && only.Manager is null && only.Operation is null && only.FieldsV1 is null && only.ApiVersion is null && only.Time is null;

    private static IList<V1ManagedFieldsEntry>? Entries(JsonObject obj) =>
        obj["metadata"]?["managedFields"] is JsonArray a ? a.Deserialize<List<V1ManagedFieldsEntry>>(KubeJson.Options) : null;

    private static ApiException ConflictError(List<(Managed Owner, IReadOnlyList<string> Path)> conflicts)
    {
        var causes = conflicts.Select(c => new V1StatusCause
        {
            Reason = "FieldManagerConflict",
            Message = $"conflict with {Print(c.Owner.Entry)}",
            Field = StructuredMerge.Describe(c.Path),
        }).ToList();
        string message;
        if (conflicts.Count == 1) message = $"Apply failed with 1 conflict: conflict with {Print(conflicts[0].Owner.Entry)}: {StructuredMerge.Describe(conflicts[0].Path)}";
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => c.Owner).OrderBy(g => g.Key.Entry.Manager, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {Print(group.Key.Entry)}:");
                lines.AddRange(group.Select(c => $"- {StructuredMerge.Describe(c.Path)}"));
            }
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
        return StatusErrors.Failure(409, "Conflict", message, new V1StatusDetails { Causes = causes });
    }

    /// <summary>A manager as the conflict message names it (printManager upstream).</summary>
    private static string Print(V1ManagedFieldsEntry e)
    {
        var text = JsonSerializer.Serialize(e.Manager ?? "");
        if (!string.IsNullOrEmpty(e.Subresource)) text += $" with subresource {JsonSerializer.Serialize(e.Subresource)}";
        if (e.Operation == "Update")
            return e.Time is { } t ? $"{text} using {e.ApiVersion} at {t.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}" : $"{text} using {e.ApiVersion}";
        return text;
    }

    private static JsonObject? Strip(JsonObject? obj)
    {
        if (obj is null) return null;
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("apiVersion");
        copy.Remove("kind");
        if (copy["metadata"] is JsonObject meta)
        {
            foreach (var name in StrippedMetadata) meta.Remove(name);
            if (meta.Count == 0) copy.Remove("metadata");
        }
        return copy;
    }

    private static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private sealed class Managed(V1ManagedFieldsEntry entry, FieldSet set)
    {
        public V1ManagedFieldsEntry Entry { get; } = entry;
        public FieldSet Set { get; set; } = set;
    }

    private static List<Managed> Decode(IList<V1ManagedFieldsEntry>? entries) =>
        (entries ?? []).Select(e => new Managed(e, FieldSet.FromFieldsV1(e.FieldsV1 is null ? null : JsonSerializer.SerializeToNode(e.FieldsV1, KubeJson.Options)))).ToList();

    private static List<V1ManagedFieldsEntry>? Encode(List<Managed> managed)
    {
        var list = managed.Where(m => !m.Set.IsEmpty).Select(m =>
        {
            m.Entry.FieldsType = "FieldsV1";
            m.Entry.FieldsV1 = m.Set.ToFieldsV1();
            return m.Entry;
        }).ToList();
        return list.Count == 0 ? null : list;
    }
}
