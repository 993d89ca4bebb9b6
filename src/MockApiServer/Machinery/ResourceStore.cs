using k8s;
using k8s.Models;
using MockApiServer.Machinery.Cache;
using MockApiServer.Machinery.FieldManagement;

namespace MockApiServer.Machinery;

/// <summary>
/// The generic registry (kube-apiserver's registry.Store) and the one door to storage: one
/// pipeline for every kind — metadata rules, strategy defaults, validation, hooks, preconditions
/// and the write. HTTP handlers and controllers both read, watch and write through it, so they
/// get the same checks; nothing else touches the cache or the storage backend behind it.
/// </summary>
public sealed partial class ResourceStore(ObjectCache store, ResourceRegistry registry, RandomSource random, TimeProvider time)
{
    public ResourceRegistry Registry => registry;

    private ResourceDefinition Namespaces => registry.Get("", "namespaces");

    /// <summary>Opens the storage backend and loads the cache; called once at start (StoreStartup). Idempotent.</summary>
    public void Open() => store.Open();

    public Task<StoredObject> CreateAsync(ResourceDefinition resource, string ns, IKubernetesObject<V1ObjectMeta> obj, WriteOptions options)
    {
        var meta = obj.Metadata ??= new V1ObjectMeta();
        PrepareNamespace(resource, ns, meta);
        resource.Strategy.PrepareForCreate(obj);
        // Validation reads nothing but the object, so a named object is validated here, on the
        // caller's thread, and the single writer is left the checks that need the transaction.
        // The namespace check kube-apiserver makes first is made first here too, against the
        // current snapshot (the writer makes it again against its own view).
        var validated = false;
        if (!string.IsNullOrEmpty(meta.Name))
        {
            if (resource.Namespaced) RequireActiveNamespace(store.Snapshot.Get(Namespaces, "", meta.NamespaceProperty ?? ""), resource, meta.NamespaceProperty ?? "", meta.Name);
            Validate(resource, obj);
            validated = true;
        }
        return store.WriteAsync(tx => CreateInTransaction(tx, resource, obj, validated, options), options.DryRun);
    }

    /// <summary>The create itself, for callers already on the writer (namespace seeding, controllers' multi-object writes).</summary>
    public StoredObject CreateInTransaction(IWriteTransaction tx, ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj) =>
        CreateInTransaction(tx, resource, obj, validated: false, WriteOptions.Default);

    private StoredObject CreateInTransaction(IWriteTransaction tx, ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj, bool validated, WriteOptions options)
    {
        var meta = obj.Metadata;
        var ns = meta.NamespaceProperty ?? "";
        if (resource.Namespaced) RequireActiveNamespace(tx.Get(Namespaces, "", ns), resource, ns, meta.Name ?? meta.GenerateName ?? "");
        if (string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName))
        {
            do meta.Name = TruncateGenerateName(meta.GenerateName) + random.NameSuffix();
            while (tx.Get(resource, ns, meta.Name) is not null);
        }
        if (!validated) Validate(resource, obj);
        if (tx.Get(resource, ns, meta.Name!) is not null) throw StatusErrors.AlreadyExists(resource.Group, resource.Plural, meta.Name!);
        meta.Uid = random.NewUid();
        meta.CreationTimestamp = tx.Now;
        meta.ResourceVersion = null;
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.Generation = resource.Strategy.UsesGeneration ? 1 : null;
        RecordManagedFields(tx, resource, null, obj, options, status: false);
        resource.Strategy.BeforeCreate(tx, obj);
        return tx.Put(resource, obj);
    }

    /// <summary>
    /// A review kind's create: the same namespace rule, defaults and validation as a create, then
    /// the strategy's answer. Nothing is stored, so no uid, resourceVersion or timestamp is set.
    /// </summary>
    public IKubernetesObject<V1ObjectMeta> Review(ResourceDefinition resource, string ns, IKubernetesObject<V1ObjectMeta> obj, IServiceProvider services)
    {
        if (resource.Strategy is not IReviewStrategy review) throw new InvalidOperationException($"{resource} is not a review kind.");
        var meta = obj.Metadata ??= new V1ObjectMeta();
        PrepareNamespace(resource, ns, meta);
        resource.Strategy.PrepareForCreate(obj);
        var errors = resource.Strategy.ValidateCreate(obj);
        if (errors.Count > 0) throw StatusErrors.Invalid(resource.Group, resource.Kind, meta.Name ?? "", errors);
        var answer = review.Review(obj, services);
        answer.ApiVersion = resource.ApiVersion;
        answer.Kind = resource.Kind;
        return answer;
    }

    /// <summary>PUT: replaces the object (or, with <paramref name="status"/>, only its status).</summary>
    public Task<StoredObject> UpdateAsync(ResourceDefinition resource, string ns, string name, IKubernetesObject<V1ObjectMeta> obj, WriteOptions options, bool status = false)
    {
        var meta = obj.Metadata ??= new V1ObjectMeta();
        if (meta.Name is { Length: > 0 } bodyName && bodyName != name)
            throw StatusErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        meta.Name = name;
        PrepareNamespace(resource, ns, meta);
        return store.WriteAsync(tx =>
        {
            var existing = tx.Get(resource, ns, name) ?? throw StatusErrors.NotFound(resource.Group, resource.Plural, name);
            return UpdateInTransaction(tx, resource, existing, obj, status, options);
        }, options.DryRun);
    }

    /// <summary>
    /// Read-modify-write with retries (GuaranteedUpdate): <paramref name="mutate"/> gets a private
    /// copy of the current object and returns the desired one; a stale read is retried.
    /// </summary>
    public async Task<StoredObject> GuaranteedUpdateAsync(ResourceDefinition resource, string ns, string name,
        Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> mutate, WriteOptions options, bool status = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = Get(resource, ns, name);
            var desired = mutate(current.CloneObject());
            var preconditionRv = desired.Metadata.ResourceVersion;
            var wasSet = !string.IsNullOrEmpty(preconditionRv) && preconditionRv != current.Object.Metadata.ResourceVersion;
            if (wasSet) throw Conflict(resource, name);
            desired.Metadata.ResourceVersion = current.Object.Metadata.ResourceVersion;
            if (desired.Metadata.Name is { Length: > 0 } patchedName && patchedName != name)
                throw StatusErrors.BadRequest($"the name of the object ({patchedName}) does not match the name on the URL ({name})");
            desired.Metadata.Name = name;
            PrepareNamespace(resource, ns, desired.Metadata);
            try
            {
                return await store.WriteAsync(tx =>
                {
                    var existing = tx.Get(resource, ns, name) ?? throw StatusErrors.NotFound(resource.Group, resource.Plural, name);
                    return UpdateInTransaction(tx, resource, existing, desired, status, options);
                }, options.DryRun).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < 5)
            {
            }
        }
    }

    public StoredObject UpdateInTransaction(IWriteTransaction tx, ResourceDefinition resource, StoredObject existing, IKubernetesObject<V1ObjectMeta> obj, bool status, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        var meta = obj.Metadata;
        var old = existing.Object;
        if (!string.IsNullOrEmpty(meta.ResourceVersion) && meta.ResourceVersion != old.Metadata.ResourceVersion)
            throw Conflict(resource, existing.Name);
        if (!string.IsNullOrEmpty(meta.Uid) && meta.Uid != old.Metadata.Uid)
            throw StatusErrors.Conflict(resource.Group, resource.Plural, existing.Name,
                $"Precondition failed: UID in precondition: {meta.Uid}, UID in object meta: {old.Metadata.Uid}");
        meta.Uid = old.Metadata.Uid;
        meta.CreationTimestamp = old.Metadata.CreationTimestamp;
        meta.DeletionTimestamp = old.Metadata.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.Metadata.DeletionGracePeriodSeconds;
        meta.Generation = old.Metadata.Generation;
        meta.GenerateName ??= old.Metadata.GenerateName;
        var strategy = resource.Strategy;
        IReadOnlyList<FieldError> errors;
        if (status)
        {
            strategy.PrepareForStatusUpdate(obj, old);
            errors = strategy.ValidateStatusUpdate(obj, old);
        }
        else
        {
            strategy.PrepareForUpdate(obj, old);
            errors = strategy.ValidateUpdate(obj, old);
        }
        if (errors.Count > 0) throw StatusErrors.Invalid(resource.Group, resource.Kind, existing.Name, errors);
        RecordManagedFields(tx, resource, old, obj, options, status);
        if (strategy.UsesGeneration && strategy.SpecChanged(obj, old)) meta.Generation = (old.Metadata.Generation ?? 0) + 1;
        if (meta.DeletionTimestamp is not null && (meta.Finalizers is null || meta.Finalizers.Count == 0) && IsFinalizerRemoval(old))
        {
            strategy.AfterDelete(tx, old);
            return tx.Delete(existing);
        }
        strategy.BeforeUpdate(tx, obj, old);
        meta.ResourceVersion = old.Metadata.ResourceVersion;
        obj.ApiVersion = resource.ApiVersion;
        obj.Kind = resource.Kind;
        // A write that changes nothing keeps the resourceVersion and emits no event.
        if (KubeJson.SerializeToUtf8Bytes(obj).AsSpan().SequenceEqual(existing.Json)) return existing;
        return tx.Put(resource, obj);
    }

    private static bool IsFinalizerRemoval(IKubernetesObject<V1ObjectMeta> old) => old.Metadata.Finalizers is { Count: > 0 };

    public Task<DeleteResult> DeleteAsync(ResourceDefinition resource, string ns, string name, V1DeleteOptions? options, bool dryRun) =>
        store.WriteAsync(tx =>
        {
            var existing = tx.Get(resource, ns, name) ?? throw StatusErrors.NotFound(resource.Group, resource.Plural, name);
            return DeleteInTransaction(tx, resource, existing, options ?? new V1DeleteOptions());
        }, dryRun);

    public DeleteResult DeleteInTransaction(IWriteTransaction tx, ResourceDefinition resource, StoredObject existing, V1DeleteOptions options)
    {
        var old = existing.Object;
        CheckPreconditions(resource, existing, options.Preconditions);
        if (options.PropagationPolicy is { } policy && policy is not ("Orphan" or "Background" or "Foreground"))
            throw StatusErrors.Invalid(resource.Group, resource.Kind, existing.Name,
                [FieldError.NotSupported("propagationPolicy", policy, ["Background", "Foreground", "Orphan"])]);
        if (options.GracePeriodSeconds is < 0)
            throw StatusErrors.Invalid(resource.Group, resource.Kind, existing.Name, [FieldError.Invalid("gracePeriodSeconds", options.GracePeriodSeconds, "must be greater than or equal to 0")]);
        var strategy = resource.Strategy;
        var obj = existing.CloneObject();
        var deferred = strategy is IGracefulDeleteStrategy graceful && graceful.BeginGracefulDelete(tx, obj, options);
        var finalizersAdded = AddGarbageCollectionFinalizer(obj.Metadata, options);
        if (deferred || obj.Metadata.Finalizers is { Count: > 0 })
        {
            if (old.Metadata.DeletionTimestamp is not null && !deferred && !finalizersAdded) return new DeleteResult(existing, false);
            obj.Metadata.DeletionTimestamp ??= tx.Now;
            obj.Metadata.DeletionGracePeriodSeconds ??= 0;
            if (KubeJson.SerializeToUtf8Bytes(obj).AsSpan().SequenceEqual(existing.Json)) return new DeleteResult(existing, false);
            return new DeleteResult(tx.Put(resource, obj), false);
        }
        strategy.AfterDelete(tx, old);
        return new DeleteResult(tx.Delete(existing), true);
    }

    /// <summary>
    /// deletionFinalizersForGarbageCollection: Orphan (or orphanDependents) adds "orphan",
    /// Foreground "foregroundDeletion"; the garbage collector acts on them and removes them.
    /// Background, the default of every kind served, deletes at once. True when one was added.
    /// </summary>
    private static bool AddGarbageCollectionFinalizer(V1ObjectMeta meta, V1DeleteOptions options)
    {
        var finalizer = options.PropagationPolicy switch
        {
            "Orphan" => OrphanFinalizer,
            "Foreground" => ForegroundFinalizer,
            null => options.OrphanDependents switch { true => OrphanFinalizer, false => ForegroundFinalizer, null => null },
            _ => null,
        };
        if (finalizer is null || meta.Finalizers?.Contains(finalizer) == true) return false;
        var other = finalizer == OrphanFinalizer ? ForegroundFinalizer : OrphanFinalizer;
        meta.Finalizers = [.. (meta.Finalizers ?? []).Where(f => f != other), finalizer];
        return true;
    }

    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private static void CheckPreconditions(ResourceDefinition resource, StoredObject existing, V1Preconditions? preconditions)
    {
        if (preconditions is null) return;
        var meta = existing.Object.Metadata;
        if (preconditions.Uid is { Length: > 0 } uid && uid != meta.Uid)
            throw StatusErrors.Conflict(resource.Group, resource.Plural, existing.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Uid}");
        if (preconditions.ResourceVersion is { Length: > 0 } rv && rv != meta.ResourceVersion)
            throw StatusErrors.Conflict(resource.Group, resource.Plural, existing.Name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {meta.ResourceVersion}");
    }

    /// <summary>Deletes every object the options select, each in its own write, and returns them.</summary>
    public async Task<ListResult> DeleteCollectionAsync(ResourceDefinition resource, string? ns, ListOptions listOptions, V1DeleteOptions? options, bool dryRun)
    {
        var list = await ListAsync(resource, ns, listOptions with { Limit = null, Continue = null }).ConfigureAwait(false);
        var deleted = new List<StoredObject>();
        foreach (var item in list.Items)
        {
            try
            {
                deleted.Add((await DeleteAsync(resource, item.Namespace, item.Name, options, dryRun).ConfigureAwait(false)).Object);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }
        return new ListResult(store.Snapshot.Revision, deleted, null, null);
    }

    /// <summary>The create's 422 for an invalid object (a missing name first, as kube-apiserver lists it).</summary>
    private static void Validate(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        var meta = obj.Metadata;
        var errors = resource.Strategy.ValidateCreate(obj);
        if (string.IsNullOrEmpty(meta.Name)) errors = [FieldError.Required("metadata.name", "name or generateName is required"), .. errors.Where(e => e.Field != "metadata.name")];
        if (errors.Count > 0) throw StatusErrors.Invalid(resource.Group, resource.Kind, meta.Name ?? "", errors);
    }

    private static void RequireActiveNamespace(StoredObject? namespaceObject, ResourceDefinition resource, string ns, string name)
    {
        var nsObj = namespaceObject ?? throw StatusErrors.NotFound("", "namespaces", ns);
        if (nsObj.Object.Metadata.DeletionTimestamp is not null || (nsObj.Object as V1Namespace)?.Status?.Phase == "Terminating")
        {
            throw StatusErrors.Forbidden(resource.Group, resource.Plural, name,
                $"unable to create new content in namespace {ns} because it is being terminated",
                [new V1StatusCause { Reason = "NamespaceTerminating", Message = $"namespace {ns} is being terminated", Field = "metadata.namespace" }]);
        }
    }

    private static void PrepareNamespace(ResourceDefinition resource, string ns, V1ObjectMeta meta)
    {
        if (!resource.Namespaced)
        {
            meta.NamespaceProperty = null;
            return;
        }
        if (!string.IsNullOrEmpty(meta.NamespaceProperty) && meta.NamespaceProperty != ns)
            throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        meta.NamespaceProperty = ns;
    }

    private static string TruncateGenerateName(string generateName) => generateName.Length > 58 ? generateName[..58] : generateName;

    private static ApiException Conflict(ResourceDefinition resource, string name) =>
        StatusErrors.Conflict(resource.Group, resource.Plural, name, StatusErrors.ModifiedConflict);

    /// <summary>
    /// managedFields for a write: a body's single empty entry clears them; a body without them
    /// keeps the stored ones; then the writer's Update entry records what it changed. An apply
    /// has computed its own (<see cref="WriteOptions.ManagedFieldsComputed"/>).
    /// </summary>
    private static void RecordManagedFields(IWriteTransaction tx, ResourceDefinition resource, IKubernetesObject<V1ObjectMeta>? old,
        IKubernetesObject<V1ObjectMeta> obj, WriteOptions options, bool status)
    {
        var meta = obj.Metadata;
        if (options.ManagedFieldsComputed) return;
        if (FieldManager.IsReset(meta.ManagedFields))
        {
            meta.ManagedFields = null;
            return;
        }
        if (meta.ManagedFields is not { Count: > 0 }) meta.ManagedFields = old?.Metadata.ManagedFields;
        if (string.IsNullOrEmpty(options.FieldManager)) return;
        var before = old is null ? null : KubeJson.SerializeToNode(old)!.AsObject();
        var after = KubeJson.SerializeToNode(obj)!.AsObject();
        meta.ManagedFields = FieldManager.RecordUpdate(meta.ManagedFields, before, after, resource.ModelType, options.FieldManager,
            resource.ApiVersion, status ? "status" : null, tx.Now);
    }
}

/// <summary>Kinds whose delete may be deferred (pods' grace period, namespaces' finalization).</summary>
public interface IGracefulDeleteStrategy
{
    /// <summary>Marks <paramref name="obj"/> for deletion and returns true when it must stay for now.</summary>
    bool BeginGracefulDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options);
}
