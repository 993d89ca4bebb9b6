using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>List parameters, already parsed (metav1.ListOptions).</summary>
public sealed record ListOptions
{
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;
    public FieldSelector Fields { get; init; } = FieldSelector.Everything;
    public int? Limit { get; init; }
    public string? Continue { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
}

/// <summary>Create/update parameters (metav1.CreateOptions, UpdateOptions).</summary>
public sealed record WriteOptions
{
    public static readonly WriteOptions Default = new();
    public bool DryRun { get; init; }
    public string? FieldManager { get; init; }

    /// <summary>Set by server-side apply, which computes managedFields itself; other writes record an Update entry.</summary>
    public bool ManagedFieldsComputed { get; init; }

    /// <summary>Whether the fieldManager query parameter named the manager (apply requires it).</summary>
    public bool ExplicitFieldManager { get; init; }

    /// <summary>A controller's writes, recorded under its component's manager name.</summary>
    public static WriteOptions Manager(string name) => new() { FieldManager = name };
}

/// <summary>The result of a list: items in key order at one revision, and the next page's token.</summary>
public sealed record ListResult(long ResourceVersion, IReadOnlyList<StoredObject> Items, string? Continue, long? RemainingItemCount);

/// <summary>What a delete did: removed the object, or only marked it (finalizers, grace).</summary>
public sealed record DeleteResult(StoredObject Object, bool Removed);
