using k8s;
using k8s.Models;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>
/// What a kind contributes to the generic pipeline (kube-apiserver's RESTCreateStrategy and
/// friends). The pipeline calls, in order: PrepareFor* (defaults, spec/status split), Validate*,
/// then Before*/After* hooks inside the write transaction. Prepare and Validate must not touch
/// storage; hooks may, through the transaction, and their writes commit or roll back with it.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>True when the kind has a status subresource and the main resource ignores status.</summary>
    bool HasStatus { get; }

    /// <summary>True when metadata.generation tracks spec changes.</summary>
    bool UsesGeneration { get; }

    /// <summary>Fields accepted by fieldSelector, beyond metadata.name and metadata.namespace.</summary>
    IReadOnlySet<string> SelectableFields { get; }

    string? FieldValue(IKubernetesObject<V1ObjectMeta> obj, string field);

    /// <summary>True when the spec differs, which bumps metadata.generation.</summary>
    bool SpecChanged(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj);

    void PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    void PrepareForStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    IReadOnlyList<FieldError> ValidateCreate(IKubernetesObject<V1ObjectMeta> obj);

    IReadOnlyList<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    IReadOnlyList<FieldError> ValidateStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>Runs inside the write transaction before the object is stored (allocations).</summary>
    void BeforeCreate(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj);

    void BeforeUpdate(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>Runs inside the write transaction after the object is removed (releases).</summary>
    void AfterDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>Server-side table columns for kubectl get.</summary>
    ITablePrinter Table { get; }
}
