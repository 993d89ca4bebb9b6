using System.Threading.Channels;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// Records core/v1 Events the way client-go's recorder and EventCorrelator do: asynchronously (a
/// component hands the event over and goes on; a background writer stores it), one Event per
/// (object, type, reason, message, source), named "{object}.{hex nanos}", and a repeat bumps
/// count/lastTimestamp of the Event the recorder remembers for that key (an LRU of
/// <see cref="RememberedEvents"/>, as client-go's), found by key rather than by scanning the
/// namespace. Repeats waiting together are folded into one write. Recording never throws and an
/// event is best-effort, as in Kubernetes: when the queue is full, the event is dropped.
/// </summary>
public sealed class EventRecorder(ResourceStore store, TimeProvider time, ILogger<EventRecorder> logger) : BackgroundService
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>client-go's maxLruCacheEntries.</summary>
    public const int RememberedEvents = 4096;
    private const int QueueLength = 100_000;
    private const int MaxBatch = 512;

    private readonly Channel<PendingEvent> _queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(QueueLength)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly LruMap<EventKey, (string Namespace, string Name)> _recorded = new(RememberedEvents);

    /// <summary>Queues the event; the returned task is already complete (the signature stays awaitable for callers).</summary>
    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message, string component, string? host = null)
    {
        var involved = new V1ObjectReference
        {
            Kind = about.Kind,
            ApiVersion = about.ApiVersion,
            Name = about.Metadata.Name,
            NamespaceProperty = about.Metadata.NamespaceProperty,
            Uid = about.Metadata.Uid,
            ResourceVersion = about.Metadata.ResourceVersion,
        };
        var key = new EventKey(involved.Kind, involved.NamespaceProperty, involved.Name, involved.Uid, type, reason, message, component, host);
        if (!_queue.Writer.TryWrite(new PendingEvent(key, involved, time.GetUtcNow().UtcDateTime)))
            logger.LogDebug("Event {Reason} for {Name} dropped: the event queue is full", reason, involved.Name);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var batch = new List<PendingEvent>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                // One write per key: its writes are issued together, so the store's group commit takes them in one batch.
                await Task.WhenAll(batch.GroupBy(e => e.Key).Select(g => WriteAsync(g.Key, g.First(), g.Last().At, g.Count()))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(EventKey key, PendingEvent first, DateTime lastAt, int count)
    {
        var events = store.Registry.Get("", "events");
        var ns = string.IsNullOrEmpty(key.Namespace) ? "default" : key.Namespace;
        try
        {
            if (_recorded.TryGet(key, out var known) && await BumpAsync(events, known, count, KubeTime.Truncate(lastAt)).ConfigureAwait(false)) return;
            var name = EventName(key.Name, first.At, events, ns);
            await store.CreateAsync(events, ns, new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = first.InvolvedObject,
                Type = key.Type,
                Reason = key.Reason,
                Message = key.Message,
                Source = new V1EventSource { Component = key.Component, Host = key.Host },
                ReportingComponent = key.Component,
                ReportingInstance = key.Host ?? "",
                FirstTimestamp = KubeTime.Truncate(first.At),
                LastTimestamp = KubeTime.Truncate(lastAt),
                Count = count,
            }, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
            _recorded.Set(key, (ns, name));
        }
        catch (ApiException e)
        {
            logger.LogDebug("Event {Reason} for {Name} not recorded: {Message}", key.Reason, key.Name, e.Message);
        }
        catch (InvalidOperationException e)
        {
            // The store is closed (shutting down) or not open yet.
            logger.LogDebug("Event {Reason} for {Name} not recorded: {Message}", key.Reason, key.Name, e.Message);
        }
    }

    /// <summary>Adds to the count of the remembered Event; false when it is gone (deleted, or its namespace emptied), so a new one is created.</summary>
    private async Task<bool> BumpAsync(ResourceDefinition events, (string Namespace, string Name) known, int count, DateTime lastTimestamp)
    {
        try
        {
            await store.GuaranteedUpdateAsync(events, known.Namespace, known.Name, current =>
            {
                var e = (Corev1Event)current;
                e.Count = (e.Count ?? 1) + count;
                e.LastTimestamp = lastTimestamp;
                return e;
            }, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
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

    /// <summary>client-go's getEventKey: what makes two events the same one.</summary>
    private readonly record struct EventKey(string Kind, string? Namespace, string Name, string? Uid, string Type, string Reason, string Message, string Component, string? Host);

    private sealed record PendingEvent(EventKey Key, V1ObjectReference InvolvedObject, DateTime At);
}
