namespace MockApiServer.Storage;

/// <summary>One live key: its identity, newest revision and value.</summary>
public sealed class ObjectRow
{
    public required string Resource { get; set; }
    public required string Namespace { get; set; }
    public required string Name { get; set; }
    public long ResourceVersion { get; set; }
    public required string Json { get; set; }
}

/// <summary>One committed change; the revision is the global resourceVersion. A DELETED row holds the key's last value.</summary>
public sealed class ChangeRow
{
    public long Revision { get; set; }
    public required string Type { get; set; }
    public required string Resource { get; set; }
    public required string Namespace { get; set; }
    public required string Name { get; set; }
    public required string Json { get; set; }
}

/// <summary>A value taken from an allocation range (a ClusterIP, a NodePort), owned by an object uid.</summary>
public sealed class AllocationRow
{
    public required string Range { get; set; }
    public long Value { get; set; }
    public required string Owner { get; set; }
}

/// <summary>A named counter of the store itself (compacted_revision).</summary>
public sealed class StorageStateRow
{
    public required string Key { get; set; }
    public long Value { get; set; }
}
