using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Events;

/// <summary>kubectl get columns for Event (k/k printers.go printEvent; the server always prints wide).</summary>
public sealed class EventTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "", "The object that this event is about."),
        new("Subobject", "string", "", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", Priority: 1),
        new("Source", "string", "", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "string", "", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "string", "", "The number of times this event has occurred.", Priority: 1),
        TableColumns.Name with { Priority = 1 },
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var ev = (Corev1Event)obj;
        var firstSeen = HumanDuration.IsZero(ev.FirstTimestamp)
            ? HumanDuration.Age(ev.EventTime, now)
            : HumanDuration.Age(ev.FirstTimestamp, now);
        var lastSeen = HumanDuration.IsZero(ev.LastTimestamp) ? firstSeen : HumanDuration.Age(ev.LastTimestamp, now);
        long count = ev.Count ?? 0;
        if (ev.Series is not null)
        {
            lastSeen = HumanDuration.Age(ev.Series.LastObservedTime, now);
            count = ev.Series.Count ?? 0;
        }
        else if (count == 0)
        {
            count = 1; // singleton events from the events.k8s.io API carry no count
        }

        return
        [
            lastSeen,
            ev.Type ?? "",
            ev.Reason ?? "",
            Target(ev.InvolvedObject),
            ev.InvolvedObject?.FieldPath ?? "",
            Source(ev),
            (ev.Message ?? "").Trim(),
            firstSeen,
            count,
            ev.Metadata.Name,
        ];
    }

    /// <summary>"kind/name" with the kind lower-cased, as kubectl shows "pod/web"; just the kind without a name.</summary>
    private static string Target(V1ObjectReference? involved)
    {
        var kind = (involved?.Kind ?? "").ToLowerInvariant();
        return string.IsNullOrEmpty(involved?.Name) ? kind : $"{kind}/{involved.Name}";
    }

    /// <summary>formatEventSource: component (else reportingController), then ", host" (else reportingInstance) when known.</summary>
    private static string Source(Corev1Event ev)
    {
        var component = FirstNonEmpty(ev.Source?.Component, ev.ReportingComponent);
        var instance = FirstNonEmpty(ev.Source?.Host, ev.ReportingInstance);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string? first, string? second) =>
        !string.IsNullOrEmpty(first) ? first : second ?? "";
}
