using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// client-go's ControllerRefManager for the workload controllers: an owner's objects are those
/// whose controller reference names it (found through the owners index, never a scan); orphans
/// its selector matches are adopted, and owned objects it no longer selects are released, each
/// with a write that carries the object's resourceVersion.
/// </summary>
public static class ControllerRefs
{
    public const string Manager = "kube-controller-manager";

    public static V1OwnerReference? ControllerOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    public static V1OwnerReference NewControllerRef(IKubernetesObject<V1ObjectMeta> owner, ResourceDefinition ownerResource) => new()
    {
        ApiVersion = ownerResource.ApiVersion,
        Kind = ownerResource.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>
    /// The objects of <paramref name="resource"/> the owner controls after adoption and release:
    /// owned ones its selector still matches, plus matching orphans (adopted unless the owner is
    /// being deleted). Objects being deleted are neither adopted nor released.
    /// </summary>
    public static async Task<List<T>> ClaimAsync<T>(ResourceStore store, ResourceDefinition resource, ResourceDefinition ownerResource,
        IKubernetesObject<V1ObjectMeta> owner, LabelSelector selector, IDictionary<string, string>? matchLabels) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var snapshot = store.Snapshot;
        var ns = owner.Metadata.NamespaceProperty ?? "";
        var uid = owner.Metadata.Uid;
        var claimed = new List<T>();
        foreach (var stored in snapshot.ByIndex(resource, ObjectIndex.OwnersName, ns, uid))
        {
            var obj = (T)stored.Object;
            if (ControllerOf(obj)?.Uid != uid) continue;
            if (selector.Matches(obj.Metadata.Labels) || obj.Metadata.DeletionTimestamp is not null) claimed.Add(obj);
            else if (owner.Metadata.DeletionTimestamp is null) await ReleaseAsync(store, resource, stored, uid).ConfigureAwait(false);
        }
        if (owner.Metadata.DeletionTimestamp is not null) return claimed;
        var candidates = matchLabels is { Count: > 0 } ? snapshot.WithLabels(resource, ns, matchLabels) : snapshot.List(resource, ns);
        foreach (var stored in candidates)
        {
            var obj = stored.Object;
            if (ControllerOf(obj) is not null || obj.Metadata.DeletionTimestamp is not null || !selector.Matches(obj.Metadata.Labels)) continue;
            if (await AdoptAsync(store, resource, stored, NewControllerRef(owner, ownerResource)).ConfigureAwait(false) is { } adopted) claimed.Add((T)adopted.Object);
        }
        return claimed;
    }

    private static async Task<StoredObject?> AdoptAsync(ResourceStore store, ResourceDefinition resource, StoredObject stored, V1OwnerReference owner)
    {
        var obj = stored.CloneObject();
        obj.Metadata.OwnerReferences = [.. obj.Metadata.OwnerReferences ?? [], owner];
        try
        {
            return await store.UpdateAsync(resource, stored.Namespace, stored.Name, obj, WriteOptions.Manager(Manager)).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone or changed meanwhile: the change enqueues the owner again.
            return null;
        }
    }

    private static async Task ReleaseAsync(ResourceStore store, ResourceDefinition resource, StoredObject stored, string ownerUid)
    {
        var obj = stored.CloneObject();
        obj.Metadata.OwnerReferences = [.. obj.Metadata.OwnerReferences!.Where(r => r.Uid != ownerUid)];
        if (obj.Metadata.OwnerReferences.Count == 0) obj.Metadata.OwnerReferences = null;
        try
        {
            await store.UpdateAsync(resource, stored.Namespace, stored.Name, obj, WriteOptions.Manager(Manager)).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>The namespace/name key of the object's controller when it is of <paramref name="ownerResource"/>'s kind.</summary>
    public static string? ControllerKey(StoredObject? obj, ResourceDefinition ownerResource) =>
        obj is not null && ControllerOf(obj.Object) is { } r && r.Kind == ownerResource.Kind && r.ApiVersion == ownerResource.ApiVersion
            ? $"{obj.Namespace}/{r.Name}"
            : null;

    public static (string Namespace, string Name) SplitKey(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
