using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Resources.CustomResourceDefinitions;

/// <summary>
/// apiextensions.k8s.io/v1 CustomResourceDefinition (registry/customresourcedefinition): cluster
/// scoped, generation on spec changes, v1's defaults (singular, listKind, conversion None), the
/// storage version recorded in status.storedVersions, and a delete that only marks the CRD
/// Terminating and adds the customresourcecleanup finalizer; the controller removes the instances.
/// </summary>
public sealed class CustomResourceDefinitionStrategy()
    : ResourceStrategy<V1CustomResourceDefinition>(CustomResourceDefinitionValidation.ValidateCreate, CustomResourceDefinitionValidation.ValidateUpdate),
    IGracefulDeleteStrategy
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public override ITablePrinter Table { get; } = new CustomResourceDefinitionTable();

    public override bool UsesGeneration => true;

    protected override IReadOnlyList<string> ValidateName(V1CustomResourceDefinition crd) => CustomResourceDefinitionValidation.ValidateName(crd);

    protected override void PrepareForCreate(V1CustomResourceDefinition crd)
    {
        crd.Status = new V1CustomResourceDefinitionStatus();
        Default(crd);
        RecordStorageVersion(crd);
    }

    protected override void PrepareForUpdate(V1CustomResourceDefinition crd, V1CustomResourceDefinition old)
    {
        crd.Status = old.Status;
        Default(crd);
        RecordStorageVersion(crd);
    }

    /// <summary>Status writes keep the spec only: the finalizer controller removes its finalizer through /status.</summary>
    protected override void PrepareForStatusUpdate(V1CustomResourceDefinition crd, V1CustomResourceDefinition old) => crd.Spec = old.Spec;

    private static void Default(V1CustomResourceDefinition crd)
    {
        var spec = crd.Spec ??= new V1CustomResourceDefinitionSpec();
        var names = spec.Names ??= new V1CustomResourceDefinitionNames();
        if (string.IsNullOrEmpty(names.Singular) && !string.IsNullOrEmpty(names.Kind)) names.Singular = names.Kind.ToLowerInvariant();
        if (string.IsNullOrEmpty(names.ListKind) && !string.IsNullOrEmpty(names.Kind)) names.ListKind = names.Kind + "List";
        spec.Conversion ??= new V1CustomResourceConversion { Strategy = "None" };
        spec.Versions ??= [];
    }

    private static void RecordStorageVersion(V1CustomResourceDefinition crd)
    {
        var storage = crd.Spec.Versions.FirstOrDefault(v => v.Storage)?.Name;
        if (storage is null) return;
        var stored = crd.Status.StoredVersions ??= [];
        if (!stored.Contains(storage)) stored.Add(storage);
    }

    /// <summary>The first delete marks the CRD and adds the cleanup finalizer (the registry's Delete upstream).</summary>
    public bool BeginGracefulDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options)
    {
        var crd = (V1CustomResourceDefinition)obj;
        if (crd.Metadata.DeletionTimestamp is not null) return crd.Metadata.Finalizers is { Count: > 0 };
        crd.Metadata.DeletionTimestamp = tx.Now;
        var finalizers = crd.Metadata.Finalizers ??= [];
        if (!finalizers.Contains(CleanupFinalizer)) finalizers.Add(CleanupFinalizer);
        CustomResourceDefinitionConditions.Set(crd, "Terminating", "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", tx.Now);
        return true;
    }
}
