using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// The garbage collector (k/k pkg/controller/garbagecollector) over every kind: an object whose
/// owners are all gone is deleted (an owner deleted in the background); an owner deleted with
/// Orphan keeps its dependents, which lose the reference before its "orphan" finalizer goes; an
/// owner deleted in the Foreground has its dependents deleted and stays (foregroundDeletion)
/// until no dependent with blockOwnerDeletion is left. Dependents are found through the owners
/// index in the owner's namespace, never by a scan; cluster-scoped owners' dependents in
/// namespaces are not collected.
/// </summary>
public sealed class GarbageCollector(ResourceStore store, TimeProvider time, ILogger<GarbageCollector> logger) : BackgroundService
{
    private const string ItemPrefix = "item|";
    private const string OwnerPrefix = "owner|";

    private readonly WorkQueue _queue = new(time);

    private IEnumerable<ResourceDefinition> Kinds => store.Registry.All.Where(r => !r.IsReview);

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        Kinds.Select(r => new Informer(store, r).RunAsync((previous, current) => OnChange(r, previous, current), ct))
            .Append(Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct)))));

    private static string Key(string prefix, ResourceDefinition r, string ns, string name) => $"{prefix}{r.GroupResource}|{ns}|{name}";

    /// <summary>The key of a dependent whose owners are to be checked (attemptToDeleteItem).</summary>
    public static string ItemKey(ResourceDefinition r, string ns, string name) => Key(ItemPrefix, r, ns, name);

    /// <summary>The key of an owner being deleted with the orphan or foregroundDeletion finalizer.</summary>
    public static string OwnerKey(ResourceDefinition r, string ns, string name) => Key(OwnerPrefix, r, ns, name);

    private void OnChange(ResourceDefinition r, StoredObject? previous, StoredObject? current)
    {
        if (current is not null)
        {
            var meta = current.Object.Metadata;
            if (meta.DeletionTimestamp is not null && meta.Finalizers is { } f && (f.Contains(ResourceStore.OrphanFinalizer) || f.Contains(ResourceStore.ForegroundFinalizer)))
                _queue.Add(Key(OwnerPrefix, r, current.Namespace, current.Name));
            var refs = meta.OwnerReferences ?? [];
            var before = previous?.Object.Metadata.OwnerReferences ?? [];
            if (refs.Count > 0 && (previous is null || KubeJson.Serialize(refs) != KubeJson.Serialize(before)))
                _queue.Add(Key(ItemPrefix, r, current.Namespace, current.Name));
            foreach (var gone in before.Where(b => refs.All(a => a.Uid != b.Uid))) EnqueueOwner(gone, current.Namespace);
            return;
        }
        if (previous is null) return;
        foreach (var (kind, dependent) in Dependents(previous.Namespace, previous.Object.Metadata.Uid))
            _queue.Add(Key(ItemPrefix, kind, dependent.Namespace, dependent.Name));
        foreach (var owner in previous.Object.Metadata.OwnerReferences ?? []) EnqueueOwner(owner, previous.Namespace);
    }

    private void EnqueueOwner(V1OwnerReference owner, string dependentNamespace)
    {
        if (Resolve(owner) is { } r) _queue.Add(Key(OwnerPrefix, r, r.Namespaced ? dependentNamespace : "", owner.Name));
    }

    private ResourceDefinition? Resolve(V1OwnerReference owner) => store.Registry.All.FirstOrDefault(r => r.ApiVersion == owner.ApiVersion && r.Kind == owner.Kind);

    private IEnumerable<(ResourceDefinition Kind, StoredObject Dependent)> Dependents(string ns, string uid)
    {
        if (ns.Length == 0) yield break;
        var snapshot = store.Snapshot;
        foreach (var kind in Kinds)
            foreach (var dependent in snapshot.ByIndex(kind, ObjectIndex.OwnersName, ns, uid)) yield return (kind, dependent);
    }

    public Task SyncAsync(string key, CancellationToken ct)
    {
        var parts = key.Split('|');
        if (store.Registry.FindByGroupResource(parts[1]) is not { } r) return Task.CompletedTask;
        return parts[0] + "|" == ItemPrefix ? AttemptToDeleteAsync(r, parts[2], parts[3]) : ProcessOwnerAsync(r, parts[2], parts[3]);
    }

    /// <summary>
    /// attemptToDeleteItem: with a solid owner left, only references to owners gone or waiting
    /// for their dependents are removed; otherwise the object is deleted — in the foreground when
    /// an owner waits and it has dependents of its own, else by its own finalizers' policy.
    /// </summary>
    private async Task AttemptToDeleteAsync(ResourceDefinition r, string ns, string name)
    {
        if (store.Snapshot.Get(r, ns, name) is not { } stored) return;
        var obj = stored.Object;
        if (obj.Metadata.OwnerReferences is not { Count: > 0 } refs || obj.Metadata.DeletionTimestamp is not null) return;
        var solid = new List<V1OwnerReference>();
        var dangling = new List<V1OwnerReference>();
        var waiting = new List<V1OwnerReference>();
        foreach (var reference in refs)
        {
            if (Resolve(reference) is not { } ownerKind)
            {
                solid.Add(reference);
                continue;
            }
            var owner = store.Snapshot.Get(ownerKind, ownerKind.Namespaced ? ns : "", reference.Name);
            if (owner is null || owner.Object.Metadata.Uid != reference.Uid) dangling.Add(reference);
            else if (owner.Object.Metadata.DeletionTimestamp is not null && owner.Object.Metadata.Finalizers?.Contains(ResourceStore.ForegroundFinalizer) == true) waiting.Add(reference);
            else solid.Add(reference);
        }
        if (solid.Count > 0)
        {
            if (dangling.Count + waiting.Count > 0) await RemoveReferencesAsync(stored, [.. dangling.Concat(waiting).Select(o => o.Uid)]).ConfigureAwait(false);
            return;
        }
        var finalizers = obj.Metadata.Finalizers ?? [];
        var policy = waiting.Count > 0 && Dependents(ns, obj.Metadata.Uid).Any() ? "Foreground"
            : finalizers.Contains(ResourceStore.OrphanFinalizer) ? "Orphan"
            : finalizers.Contains(ResourceStore.ForegroundFinalizer) ? "Foreground"
            : "Background";
        try
        {
            await store.DeleteAsync(r, ns, name, new V1DeleteOptions { PropagationPolicy = policy, Preconditions = new V1Preconditions { Uid = obj.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>
    /// An owner being deleted with a garbage-collection finalizer: Orphan strips its dependents'
    /// references and then the finalizer; Foreground deletes the dependents and drops the
    /// finalizer once none that blocks its deletion is left.
    /// </summary>
    private async Task ProcessOwnerAsync(ResourceDefinition r, string ns, string name)
    {
        if (store.Snapshot.Get(r, ns, name) is not { } stored) return;
        var meta = stored.Object.Metadata;
        if (meta.DeletionTimestamp is null || meta.Finalizers is not { } finalizers) return;
        var uid = meta.Uid;
        var dependents = Dependents(ns, uid).ToList();
        if (finalizers.Contains(ResourceStore.OrphanFinalizer))
        {
            foreach (var (_, dependent) in dependents) await RemoveReferencesAsync(dependent, [uid]).ConfigureAwait(false);
            await RemoveFinalizerAsync(r, stored, ResourceStore.OrphanFinalizer).ConfigureAwait(false);
            return;
        }
        if (!finalizers.Contains(ResourceStore.ForegroundFinalizer)) return;
        var blocking = dependents.Where(d => d.Dependent.Object.Metadata.OwnerReferences!.Any(o => o.Uid == uid && o.BlockOwnerDeletion == true)).ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(r, stored, ResourceStore.ForegroundFinalizer).ConfigureAwait(false);
            return;
        }
        foreach (var (kind, dependent) in dependents)
            if (dependent.Object.Metadata.DeletionTimestamp is null) _queue.Add(Key(ItemPrefix, kind, dependent.Namespace, dependent.Name));
    }

    private async Task RemoveReferencesAsync(StoredObject stored, IReadOnlyCollection<string> uids)
    {
        var obj = stored.CloneObject();
        obj.Metadata.OwnerReferences = [.. obj.Metadata.OwnerReferences!.Where(o => !uids.Contains(o.Uid))];
        if (obj.Metadata.OwnerReferences.Count == 0) obj.Metadata.OwnerReferences = null;
        try
        {
            await store.UpdateAsync(stored.Resource, stored.Namespace, stored.Name, obj, WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private async Task RemoveFinalizerAsync(ResourceDefinition r, StoredObject stored, string finalizer)
    {
        IKubernetesObject<V1ObjectMeta> obj = stored.CloneObject();
        obj.Metadata.Finalizers = [.. obj.Metadata.Finalizers!.Where(f => f != finalizer)];
        try
        {
            await store.UpdateAsync(r, stored.Namespace, stored.Name, obj, WriteOptions.Manager(ControllerRefs.Manager)).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
