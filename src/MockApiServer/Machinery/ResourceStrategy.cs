using System.Reflection;
using k8s;
using k8s.Models;
using MockApiServer.Machinery.Cache;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Machinery;

/// <summary>
/// The typed base of every kind's strategy: casts once, and supplies Kubernetes' generic
/// behaviour (status reset/copy, spec-driven generation, object metadata validation) that kinds
/// override. A kind's own rules come as plain functions (its <c>…Validation.ValidateCreate</c> and,
/// when updates have rules of their own, <c>ValidateUpdate</c>), run after the metadata checks;
/// without an update function, an update is validated as a create.
/// </summary>
public abstract class ResourceStrategy<T>(
    Func<T, IReadOnlyList<FieldError>>? validateCreate = null,
    Func<T, T, IReadOnlyList<FieldError>>? validateUpdate = null) : IResourceStrategy
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly PropertyInfo? SpecProperty = typeof(T).GetProperty("Spec");
    private static readonly PropertyInfo? StatusProperty = typeof(T).GetProperty("Status");
    private static readonly Dictionary<string, Func<T, string?>> NoFields = [];
    private IReadOnlySet<string>? _selectableFields;

    public virtual bool HasStatus => StatusProperty is not null;

    public virtual bool UsesGeneration => false;

    public abstract ITablePrinter Table { get; }

    /// <summary>Kind-specific fieldSelector fields.</summary>
    protected virtual IReadOnlyDictionary<string, Func<T, string?>> Fields => NoFields;

    public IReadOnlySet<string> SelectableFields =>
        _selectableFields ??= new HashSet<string>(Fields.Keys.Concat(["metadata.name", "metadata.namespace"]), StringComparer.Ordinal);

    public string? FieldValue(IKubernetesObject<V1ObjectMeta> obj, string field) => field switch
    {
        "metadata.name" => obj.Metadata.Name,
        "metadata.namespace" => obj.Metadata.NamespaceProperty ?? "",
        _ => Fields.TryGetValue(field, out var get) ? get((T)obj) : null,
    };

    /// <summary>The check a name must pass (DNS-1123 subdomain unless the kind says otherwise).</summary>
    public virtual IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1123Subdomain(name);

    /// <summary>The name check for a kind whose rule reads the rest of the object (a CRD's name is plural.group).</summary>
    protected virtual IReadOnlyList<string> ValidateName(T obj) => ValidateName(obj.Metadata.Name ?? "");

    protected virtual void PrepareForCreate(T obj)
    {
        if (HasStatus) StatusProperty?.SetValue(obj, null);
        ApplyDefaults(obj);
    }

    protected virtual void PrepareForUpdate(T obj, T old)
    {
        if (HasStatus) StatusProperty?.SetValue(obj, StatusProperty.GetValue(old));
        ApplyDefaults(obj);
    }

    /// <summary>The kind's defaults (its SetDefaults_* functions), applied to every create and update body, as the scheme does on decode.</summary>
    protected virtual void ApplyDefaults(T obj) { }

    /// <summary>Status writes keep the old spec and metadata (apimachinery's ResetObjectMetaForStatus).</summary>
    protected virtual void PrepareForStatusUpdate(T obj, T old)
    {
        SpecProperty?.SetValue(obj, SpecProperty.GetValue(old));
        obj.Metadata.Labels = old.Metadata.Labels;
        obj.Metadata.Annotations = old.Metadata.Annotations;
        obj.Metadata.Finalizers = old.Metadata.Finalizers;
        obj.Metadata.OwnerReferences = old.Metadata.OwnerReferences;
        obj.Metadata.DeletionTimestamp = old.Metadata.DeletionTimestamp;
        obj.Metadata.DeletionGracePeriodSeconds = old.Metadata.DeletionGracePeriodSeconds;
    }

    protected virtual IReadOnlyList<FieldError> Validate(T obj) =>
        [.. ValidateObjectMeta(obj), .. validateCreate?.Invoke(obj) ?? []];

    protected virtual IReadOnlyList<FieldError> ValidateUpdate(T obj, T old) =>
        validateUpdate is null ? Validate(obj) : [.. ValidateObjectMeta(obj), .. validateUpdate(obj, old)];

    protected virtual IReadOnlyList<FieldError> ValidateStatusUpdate(T obj, T old) => ObjectMetaValidation.ValidateLabelsAndAnnotations(obj.Metadata, "metadata");

    private IEnumerable<FieldError> ValidateObjectMeta(T obj)
    {
        foreach (var e in ValidateName(obj)) yield return FieldError.Invalid("metadata.name", obj.Metadata.Name, e);
        foreach (var e in ObjectMetaValidation.ValidateLabelsAndAnnotations(obj.Metadata, "metadata")) yield return e;
    }

    protected virtual void BeforeCreate(IWriteTransaction tx, T obj) { }

    protected virtual void BeforeUpdate(IWriteTransaction tx, T obj, T old) { }

    protected virtual void AfterDelete(IWriteTransaction tx, T old) { }

    /// <summary>True when the spec differs, which bumps metadata.generation.</summary>
    public virtual bool SpecChanged(T obj, T old) =>
        SpecProperty is not null && !KubeJson.SerializeToUtf8Bytes(SpecProperty.GetValue(obj) ?? new object())
            .AsSpan().SequenceEqual(KubeJson.SerializeToUtf8Bytes(SpecProperty.GetValue(old) ?? new object()));

    bool IResourceStrategy.UsesGeneration => UsesGeneration;
    void IResourceStrategy.PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj) => PrepareForCreate((T)obj);
    void IResourceStrategy.PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => PrepareForUpdate((T)obj, (T)old);
    void IResourceStrategy.PrepareForStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => PrepareForStatusUpdate((T)obj, (T)old);
    IReadOnlyList<FieldError> IResourceStrategy.ValidateCreate(IKubernetesObject<V1ObjectMeta> obj) => Validate((T)obj);
    IReadOnlyList<FieldError> IResourceStrategy.ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => ValidateUpdate((T)obj, (T)old);
    IReadOnlyList<FieldError> IResourceStrategy.ValidateStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => ValidateStatusUpdate((T)obj, (T)old);
    void IResourceStrategy.BeforeCreate(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj) => BeforeCreate(tx, (T)obj);
    void IResourceStrategy.BeforeUpdate(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => BeforeUpdate(tx, (T)obj, (T)old);
    void IResourceStrategy.AfterDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> old) => AfterDelete(tx, (T)old);
    bool IResourceStrategy.SpecChanged(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => SpecChanged((T)obj, (T)old);
}
