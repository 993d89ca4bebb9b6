namespace MockApiServer.Storage;

/// <summary>
/// Where a value lives: its resource ("pods", "endpointslices.discovery.k8s.io"), namespace ("" for
/// cluster-scoped) and name — kube-apiserver's /registry/{resource}/{namespace}/{name}.
/// </summary>
public readonly record struct StorageKey(string Resource, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Resource}/{Name}" : $"{Resource}/{Namespace}/{Name}";
}

/// <summary>A stored value and the revision that last wrote it (etcd's mod_revision).</summary>
public sealed record StorageRecord(StorageKey Key, long Revision, byte[] Value);

/// <summary>The values a list found, consistent at <paramref name="Revision"/>.</summary>
public sealed record StorageList(long Revision, IReadOnlyList<StorageRecord> Records);

public enum StorageEventType
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One committed change; for a delete, <paramref name="Value"/> is the last value the key held.</summary>
public sealed record StorageEvent(long Revision, StorageEventType Type, StorageKey Key, byte[] Value);

/// <summary>A value taken from an allocation range (a ClusterIP, a NodePort) by an owner.</summary>
public sealed record Allocation(string Range, long Value, string Owner);
