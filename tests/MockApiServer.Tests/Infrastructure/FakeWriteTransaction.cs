using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>An in-memory transaction where only the allocation methods work.</summary>
internal sealed class FakeWriteTransaction(bool dryRun = false) : IWriteTransaction
{
    private readonly Dictionary<string, Dictionary<long, string>> _ranges = [];

    public bool DryRun => dryRun;

    public DateTime Now => new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public StoredObject? Get(ResourceDefinition resource, string ns, string name) => throw new NotSupportedException();

    public IReadOnlyList<StoredObject> List(ResourceDefinition resource, string? ns) => throw new NotSupportedException();

    public StoredObject Put(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj) => throw new NotSupportedException();

    public StoredObject Delete(StoredObject existing) => throw new NotSupportedException();

    public bool IsAllocated(string range, long value) => Range(range).ContainsKey(value);

    public bool TryAllocate(string range, long value, string owner) => Range(range).TryAdd(value, owner);

    public void Release(string range, long value) => Range(range).Remove(value);

    public IReadOnlyDictionary<long, string> Allocated(string range) => Range(range);

    private Dictionary<long, string> Range(string range)
    {
        if (!_ranges.TryGetValue(range, out var values)) _ranges[range] = values = [];
        return values;
    }
}
