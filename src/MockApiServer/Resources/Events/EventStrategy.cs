using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Events;

/// <summary>core/v1 Events, with the involvedObject field selectors kubectl describe uses.</summary>
public sealed class EventStrategy() : ResourceStrategy<Corev1Event>(EventValidation.ValidateCreate)
{
    public override ITablePrinter Table { get; } = new EventTable();

    public override bool HasStatus => false;

    protected override IReadOnlyDictionary<string, Func<Corev1Event, string?>> Fields { get; } = new Dictionary<string, Func<Corev1Event, string?>>
    {
        ["involvedObject.kind"] = e => e.InvolvedObject?.Kind,
        ["involvedObject.namespace"] = e => e.InvolvedObject?.NamespaceProperty,
        ["involvedObject.name"] = e => e.InvolvedObject?.Name,
        ["involvedObject.uid"] = e => e.InvolvedObject?.Uid,
        ["involvedObject.apiVersion"] = e => e.InvolvedObject?.ApiVersion,
        ["involvedObject.resourceVersion"] = e => e.InvolvedObject?.ResourceVersion,
        ["involvedObject.fieldPath"] = e => e.InvolvedObject?.FieldPath,
        ["reason"] = e => e.Reason,
        ["reportingComponent"] = e => e.ReportingComponent,
        ["source"] = e => e.Source?.Component,
        ["type"] = e => e.Type,
    };
}
