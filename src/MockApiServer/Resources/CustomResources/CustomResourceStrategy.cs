using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.CustomResources;

/// <summary>
/// The strategy of one served version of a custom resource (registry/customresource/strategy.go):
/// generation counts changes outside metadata and status; with the status subresource the main
/// resource ignores status and /status changes nothing else; creates are refused while the CRD
/// is terminating.
/// </summary>
public sealed class CustomResourceStrategy(V1CustomResourceDefinitionVersion version, bool terminating) : ResourceStrategy<CustomObject>
{
    private readonly JsonObject? _schema = version.Schema?.OpenAPIV3Schema is { } schema ? KubeJson.SerializeToNode(schema)!.AsObject() : null;

    public override ITablePrinter Table { get; } = new CustomResourceTable(version.AdditionalPrinterColumns);

    public override bool HasStatus => version.Subresources?.Status is not null;

    public override bool UsesGeneration => true;

    public V1CustomResourceSubresourceScale? Scale => version.Subresources?.Scale;

    protected override void PrepareForCreate(CustomObject obj)
    {
        // kube-apiserver's handler answers this before decoding: MethodNotSupported with its own message.
        if (terminating)
            throw StatusErrors.Failure(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating");
        ApplySchema(obj);
        if (HasStatus) obj["status"] = null;
    }

    /// <summary>What the decoder does upstream before the strategy runs: pruning, then defaulting.</summary>
    private void ApplySchema(CustomObject obj)
    {
        if (_schema is null || obj.Content is null) return;
        StructuralSchema.Prune(obj.Content, _schema);
        StructuralSchema.Default(obj.Content, _schema);
    }

    protected override IReadOnlyList<FieldError> Validate(CustomObject obj) =>
        [.. base.Validate(obj), .. _schema is null ? [] : StructuralSchema.Validate(obj.Content ?? [], _schema)];

    protected override IReadOnlyList<FieldError> ValidateUpdate(CustomObject obj, CustomObject old) => Validate(obj);

    protected override void PrepareForUpdate(CustomObject obj, CustomObject old)
    {
        ApplySchema(obj);
        if (HasStatus) obj["status"] = old["status"]?.DeepClone();
    }

    protected override void PrepareForStatusUpdate(CustomObject obj, CustomObject old)
    {
        var status = obj["status"]?.DeepClone();
        var managedFields = obj.Metadata.ManagedFields;
        var resourceVersion = obj.Metadata.ResourceVersion;
        obj.Metadata = KubeJson.Clone(old.Metadata);
        obj.Metadata.ManagedFields = managedFields;
        obj.Metadata.ResourceVersion = resourceVersion;
        obj.Content = old.Content?.DeepClone().AsObject();
        obj["status"] = status;
        ApplySchema(obj);
    }

    protected override IReadOnlyList<FieldError> ValidateStatusUpdate(CustomObject obj, CustomObject old) => Validate(obj);

    /// <summary>Anything but metadata (and status, when it is a subresource) counts.</summary>
    public override bool SpecChanged(CustomObject obj, CustomObject old) => !JsonNode.DeepEquals(Content(obj), Content(old));

    private JsonObject Content(CustomObject obj)
    {
        var content = obj.Content?.DeepClone().AsObject() ?? [];
        if (HasStatus) content.Remove("status");
        return content;
    }
}
