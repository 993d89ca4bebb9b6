using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// Records core/v1 Events the way client-go's recorder does: one Event per (object, reason,
/// message, source), named "{object}.{hex nanos}", with count/lastTimestamp bumped when the same
/// event repeats. Recording never throws: an event is best-effort, as in Kubernetes.
/// </summary>
public sealed class EventRecorder(ResourceStore store, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message, string component, string? host = null)
    {
        try
        {
            var events = store.Registry.Get("", "events");
            var ns = string.IsNullOrEmpty(about.Metadata.NamespaceProperty) ? "default" : about.Metadata.NamespaceProperty;
            var exact = time.GetUtcNow().UtcDateTime;
            var now = KubeTime.Truncate(exact);
            var existing = store.Snapshot.List(events, ns).Select(e => (Corev1Event)e.Object).FirstOrDefault(e =>
                e.InvolvedObject?.Uid == about.Metadata.Uid && e.Reason == reason && e.Message == message && e.Source?.Component == component);
            if (existing is not null)
            {
                await store.GuaranteedUpdateAsync(events, ns, existing.Metadata.Name, current =>
                {
                    var e = (Corev1Event)current;
                    e.Count = (e.Count ?? 1) + 1;
                    e.LastTimestamp = now;
                    return e;
                }, WriteOptions.Default).ConfigureAwait(false);
                return;
            }
            var ev = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = EventName(about.Metadata.Name, exact, events, ns), NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    Kind = about.Kind,
                    ApiVersion = about.ApiVersion,
                    Name = about.Metadata.Name,
                    NamespaceProperty = about.Metadata.NamespaceProperty,
                    Uid = about.Metadata.Uid,
                    ResourceVersion = about.Metadata.ResourceVersion,
                },
                Type = type,
                Reason = reason,
                Message = message,
                Source = new V1EventSource { Component = component, Host = host },
                ReportingComponent = component,
                ReportingInstance = host ?? "",
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
            };
            await store.CreateAsync(events, ns, ev, WriteOptions.Default).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            logger.LogDebug("Event {Reason} for {Name} not recorded: {Message}", reason, about.Metadata.Name, e.Message);
        }
    }

    // client-go names an event "{object}.{unix nanos in hex}"; events recorded in the same instant get the next nanosecond.
    private string EventName(string objectName, DateTime exact, ResourceDefinition events, string ns)
    {
        var nanos = (exact.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        var snapshot = store.Snapshot;
        while (snapshot.Get(events, ns, $"{objectName}.{nanos:x}") is not null) nanos++;
        return $"{objectName}.{nanos:x}";
    }
}
