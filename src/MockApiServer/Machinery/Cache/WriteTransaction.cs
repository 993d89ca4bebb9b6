using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Storage;

namespace MockApiServer.Machinery.Cache;

/// <summary>One request's writes within a batch; rolled back alone when the request fails.</summary>
internal sealed class WriteTransaction(WriteBatch batch, int request, bool dryRun) : IWriteTransaction
{
    private readonly long _firstRevision = batch.NextRevision;
    private readonly List<ChangeEvent> _changes = [];
    private readonly List<AllocationChange> _allocations = [];
    private readonly Dictionary<(ResourceDefinition, string, string), StoredObject?> _overlay = [];
    private readonly List<StoredObject> _unstamped = [];
    private StorageTransaction _storage = new();

    public bool DryRun => dryRun;

    public DateTime Now => batch.Now;

    public StoredObject? Get(ResourceDefinition resource, string ns, string name)
    {
        var key = (resource, ns, name);
        if (_overlay.TryGetValue(key, out var mine)) return mine;
        if (batch.Overlay.TryGetValue(key, out var pending)) return pending;
        return batch.Snapshot.Get(resource, ns, name);
    }

    public IReadOnlyList<StoredObject> List(ResourceDefinition resource, string? ns)
    {
        var result = new SortedDictionary<(string, string), StoredObject>();
        foreach (var o in batch.Snapshot.List(resource, ns)) result[(o.Namespace, o.Name)] = o;
        foreach (var overlay in new[] { batch.Overlay, _overlay })
        {
            foreach (var ((r, n, name), value) in overlay)
            {
                if (r != resource || (ns is not null && n != ns)) continue;
                if (value is null) result.Remove((n, name));
                else result[(n, name)] = value;
            }
        }
        return result.Values.ToList();
    }

    public StoredObject Put(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        var ns = obj.Metadata.NamespaceProperty ?? "";
        var previous = Get(resource, ns, obj.Metadata.Name);
        obj.ApiVersion = resource.ApiVersion;
        obj.Kind = resource.Kind;
        long revision = 0;
        if (!dryRun)
        {
            // A shared store's revision is known only after the commit: the value is stored
            // without one, as kube-apiserver stores it, and the answer stamped then.
            revision = batch.Shared ? 0 : batch.NextRevision++;
            obj.Metadata.ResourceVersion = batch.Shared ? null : revision.ToString(CultureInfo.InvariantCulture);
        }
        var stored = new StoredObject(resource, obj, KubeJson.SerializeToUtf8Bytes(obj));
        if (!dryRun)
        {
            if (batch.Shared) _unstamped.Add(stored);
            var key = KeyOf(resource, ns, obj.Metadata.Name);
            _storage.Require(key, previous?.ResourceVersion ?? 0).Put(key, stored.Json);
            _changes.Add(new ChangeEvent(revision, previous is null ? WatchEventType.Added : WatchEventType.Modified, stored, previous));
            _overlay[(resource, ns, obj.Metadata.Name)] = stored;
        }
        return stored;
    }

    public StoredObject Delete(StoredObject existing)
    {
        if (dryRun) return existing;
        var revision = batch.Shared ? 0 : batch.NextRevision++;
        var last = existing.CloneObject();
        last.Metadata.ResourceVersion = batch.Shared ? null : revision.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(existing.Resource, last, KubeJson.SerializeToUtf8Bytes(last));
        if (batch.Shared) _unstamped.Add(stored);
        var key = KeyOf(existing.Resource, existing.Namespace, existing.Name);
        _storage.Require(key, existing.ResourceVersion).Delete(key);
        _changes.Add(new ChangeEvent(revision, WatchEventType.Deleted, stored, existing));
        _overlay[(existing.Resource, existing.Namespace, existing.Name)] = null;
        return stored;
    }

    public bool IsAllocated(string range, long value) => batch.Allocations.IsAllocated(range, value);

    public bool TryAllocate(string range, long value, string owner)
    {
        if (!batch.Allocations.TryAllocate(range, value, owner)) return false;
        _allocations.Add(new AllocationChange(range, value, owner, true));
        _storage.Allocate(range, value, owner);
        return true;
    }

    public void Release(string range, long value)
    {
        var owner = batch.Allocations.Release(range, value);
        if (owner is null) return;
        _allocations.Add(new AllocationChange(range, value, owner, false));
        _storage.Release(range, value);
    }

    public IReadOnlyDictionary<long, string> Allocated(string range) => batch.Allocations.Allocated(range);

    /// <summary>What this request writes to the backend.</summary>
    public StorageTransaction Storage => _storage;

    /// <summary>Whether this request wrote an object (not only allocations).</summary>
    public bool WroteObjects => _storage.Operations.Count > 0;

    /// <summary>Gives the objects written the revision the shared store committed them at.</summary>
    public void Stamp(long revision)
    {
        foreach (var stored in _unstamped) stored.Stamp(revision);
        _unstamped.Clear();
    }

    /// <summary>Makes this request's writes part of the batch.</summary>
    public void Merge()
    {
        if (dryRun) { Rollback(); return; }
        batch.Changes.AddRange(_changes);
        batch.AllocationChanges.AddRange(_allocations);
        foreach (var (key, value) in _overlay) batch.Overlay[key] = value;
        if (_storage.IsEmpty) return;
        batch.Transactions.Add(_storage);
        batch.TransactionOwners.Add(request);
    }

    /// <summary>Forgets this request's writes: revisions are reused, allocations undone.</summary>
    public void Rollback()
    {
        batch.NextRevision = _firstRevision;
        for (var i = _allocations.Count - 1; i >= 0; i--) batch.Allocations.Undo(_allocations[i]);
        _allocations.Clear();
        _changes.Clear();
        _overlay.Clear();
        _unstamped.Clear();
        _storage = new StorageTransaction();
    }

    private static StorageKey KeyOf(ResourceDefinition resource, string ns, string name) => new(resource.GroupResource, ns, name);
}
