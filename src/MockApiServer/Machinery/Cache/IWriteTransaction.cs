using k8s;
using k8s.Models;

namespace MockApiServer.Machinery.Cache;

/// <summary>
/// The view a write has of the store while it runs on the single writer: reads see every earlier
/// write of the same batch, and everything done here commits or rolls back together. Work run
/// inside must be quick and must not block; an <see cref="ApiException"/> rolls back only this
/// write.
/// </summary>
public interface IWriteTransaction
{
    bool DryRun { get; }

    DateTime Now { get; }

    StoredObject? Get(ResourceDefinition resource, string ns, string name);

    /// <summary>Every object of a kind in a namespace ("" for cluster-scoped or all namespaces when null).</summary>
    IReadOnlyList<StoredObject> List(ResourceDefinition resource, string? ns);

    /// <summary>Stores the object, stamping the next revision as its resourceVersion (not under dry run).</summary>
    StoredObject Put(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj);

    /// <summary>Removes the object; the DELETED event carries the deletion's revision.</summary>
    StoredObject Delete(StoredObject existing);

    bool IsAllocated(string range, long value);

    /// <summary>Takes a value; false when it is already taken.</summary>
    bool TryAllocate(string range, long value, string owner);

    void Release(string range, long value);

    IReadOnlyDictionary<long, string> Allocated(string range);
}
