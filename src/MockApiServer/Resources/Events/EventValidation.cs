using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Events;

/// <summary>
/// legacyValidateEvent for core/v1 Events: the involved object's namespace must agree with the
/// event's, and "new" events (eventTime set) must name their reporter, action and reason.
/// </summary>
public static class EventValidation
{
    private const int ReportingInstanceLimit = 128, ActionLimit = 128, ReasonLimit = 128, NoteLimit = 1024;

    public static IReadOnlyList<FieldError> ValidateCreate(Corev1Event ev) => [.. ValidateEvent(ev)];

    private static IEnumerable<FieldError> ValidateEvent(Corev1Event ev)
    {
        var ns = ev.Metadata?.NamespaceProperty ?? "";
        var involvedNs = ev.InvolvedObject?.NamespaceProperty ?? "";
        var mismatch = ev.EventTime is null
            ? involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs
            : involvedNs.Length == 0 && ns is not ("default" or "kube-system");
        if (mismatch) yield return FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
        if (ev.EventTime is not null) foreach (var e in ValidateNewEvent(ev)) yield return e;
        foreach (var e in NameValidation.IsDns1123Subdomain(ns)) yield return FieldError.Invalid("namespace", ns, e);
    }

    // Through core/v1 the reporting controller field is called reportingComponent.
    private static IEnumerable<FieldError> ValidateNewEvent(Corev1Event ev)
    {
        var controller = ev.ReportingComponent ?? "";
        if (controller.Length == 0) yield return FieldError.Required("reportingComponent");
        foreach (var e in NameValidation.IsQualifiedName(controller)) yield return FieldError.Invalid("reportingComponent", controller, e);
        foreach (var e in Limited(ev.ReportingInstance, "reportingInstance", ReportingInstanceLimit, required: true)) yield return e;
        foreach (var e in Limited(ev.Action, "action", ActionLimit, required: true)) yield return e;
        foreach (var e in Limited(ev.Reason, "reason", ReasonLimit, required: true)) yield return e;
        foreach (var e in Limited(ev.Message, "message", NoteLimit, required: false)) yield return e;
    }

    // Kubernetes reports the over-long value as "" rather than echoing it.
    private static IEnumerable<FieldError> Limited(string? value, string path, int limit, bool required)
    {
        if (required && string.IsNullOrEmpty(value)) yield return FieldError.Required(path);
        if (value?.Length > limit) yield return FieldError.Invalid(path, "", $"can have at most {limit} characters");
    }
}
