using k8s;
using k8s.Models;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>
/// Writes that are more than one object's create, update or delete. Everything else a controller
/// writes goes through the ordinary pipeline methods with resourceVersion preconditions, as a
/// client-go controller would.
/// </summary>
public sealed partial class ResourceStore
{
    /// <summary>
    /// Runs <paramref name="work"/> on the single writer, atomically with its reads. This is the
    /// only way code outside the registry runs inside the writer, and it is kept for the writes
    /// whose correctness needs a read of other objects in the same transaction:
    /// <list type="bullet">
    /// <item>allocation repair — the allocation table is rebuilt from every Service, and no Service
    /// may allocate in between (kube-apiserver does this with a compare-and-swap on the whole range);</item>
    /// <item>namespace finalisation — a namespace is removed only when nothing is left in it, in the
    /// same write that found it empty (creates there are already refused while it terminates).</item>
    /// </list>
    /// The strategies' own hooks (ClusterIP and NodePort allocation on create and update, release on
    /// delete) run in the writer too, through the pipeline. Work run here must be quick and must not
    /// block; an <see cref="ApiException"/> rolls back everything it did.
    /// </summary>
    public Task<T> TransactAsync<T>(Func<IWriteTransaction, T> work, bool dryRun = false) => store.WriteAsync(work, dryRun);

    /// <summary>
    /// Creates, in one write, each of <paramref name="objects"/> that does not exist yet — every
    /// one through the same namespace rule, defaults, validation and hooks (ClusterIP allocation)
    /// as <see cref="CreateAsync"/>, later ones seeing the earlier (a namespace, then what lives in
    /// it). One is refused, none is written. For start-up seeding, which would otherwise pay one
    /// commit per object; existing objects are left as they are.
    /// </summary>
    /// <returns>The objects created, in order.</returns>
    /// <exception cref="ApiException">The first refusal (invalid, namespace missing, range full).</exception>
    public Task<List<StoredObject>> CreateMissingAsync(IReadOnlyList<(ResourceDefinition Resource, string Namespace, IKubernetesObject<V1ObjectMeta> Object)> objects)
    {
        foreach (var (resource, ns, obj) in objects)
        {
            PrepareNamespace(resource, ns, obj.Metadata ??= new V1ObjectMeta());
            resource.Strategy.PrepareForCreate(obj);
        }
        return store.WriteAsync(tx => objects
            .Where(o => tx.Get(o.Resource, o.Namespace, o.Object.Metadata.Name) is null)
            .Select(o => CreateInTransaction(tx, o.Resource, o.Object))
            .ToList());
    }

    /// <summary>
    /// A subresource's read-modify-write that bypasses the kind's update strategy, as
    /// kube-apiserver's BindingREST calls storage.GuaranteedUpdate directly (the spec it sets is
    /// otherwise immutable). <paramref name="mutate"/> gets a private copy of the current object
    /// and the time, and returns the desired object or throws to refuse; the write is a
    /// compare-and-swap on the resourceVersion it read, and <paramref name="mutate"/> is called
    /// again on a fresh copy when the object changed in between.
    /// </summary>
    /// <exception cref="ApiException">404 for a missing object, or what <paramref name="mutate"/> threw.</exception>
    public async Task<StoredObject> UpdateDirectAsync(ResourceDefinition resource, string ns, string name,
        Func<IKubernetesObject<V1ObjectMeta>, DateTime, IKubernetesObject<V1ObjectMeta>> mutate)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = Get(resource, ns, name);
            var desired = mutate(current.CloneObject(), KubeTime.UtcNow(time));
            desired.Metadata.ResourceVersion = current.Object.Metadata.ResourceVersion;
            try
            {
                return await store.WriteAsync(tx =>
                {
                    var existing = tx.Get(resource, ns, name) ?? throw StatusErrors.NotFound(resource.Group, resource.Plural, name);
                    if (existing.ResourceVersion != current.ResourceVersion) throw Conflict(resource, name);
                    return tx.Put(resource, desired);
                }).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < 5)
            {
            }
        }
    }
}
