using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Resources.Pods;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// default-scheduler: each unbound pod of schedulerName default-scheduler is bound through
/// pods/binding to a Ready, schedulable node that passes <see cref="NodeFit"/>, preferring the node
/// with the fewest of the pod's siblings, then the fewest pods (ties broken by the seedable random source). A pod that fits nowhere gets
/// PodScheduled=False/Unschedulable and a FailedScheduling event, and is retried when a node
/// changes or a pod goes away. Like the real scheduler's cache, a pod it bound counts on its
/// node at once, before the informer has seen the binding.
/// </summary>
public sealed class SchedulerController(ResourceStore store, PodBinder binder, EventRecorder events, TimeProvider time, RandomSource random,
    ILogger<SchedulerController> logger) : BackgroundService
{
    public const string Name = "default-scheduler";
    private readonly WorkQueue _queue = new(time);
    private readonly Dictionary<string, string> _assigned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unschedulable = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Nodes => store.Registry.Get("", "nodes");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Pods).RunAsync(OnPodChange, ct),
        new Informer(store, Nodes).RunAsync(OnNodeChange, ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        var key = $"{(current ?? previous)!.Namespace}/{(current ?? previous)!.Name}";
        var pod = (V1Pod?)current?.Object;
        var freed = false;
        lock (_gate)
        {
            if (pod?.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is not ("Failed" or "Succeeded")) _assigned[key] = node;
            else freed = _assigned.Remove(key);
        }
        if (freed) RetryUnschedulable();
        if (pod is not null && NeedsScheduling(pod)) _queue.Add(key);
    }

    private void OnNodeChange(StoredObject? previous, StoredObject? current)
    {
        if (previous is not null && current is not null && !SchedulingRelevant((V1Node)previous.Object, (V1Node)current.Object)) return;
        RetryUnschedulable();
    }

    private static bool SchedulingRelevant(V1Node a, V1Node b) =>
        NodeTemplate.IsReady(a) != NodeTemplate.IsReady(b)
        || !KubeJson.SerializeToUtf8Bytes(a.Spec ?? new V1NodeSpec()).AsSpan().SequenceEqual(KubeJson.SerializeToUtf8Bytes(b.Spec ?? new V1NodeSpec()))
        || !KubeJson.SerializeToUtf8Bytes(a.Metadata.Labels ?? new Dictionary<string, string>()).AsSpan().SequenceEqual(KubeJson.SerializeToUtf8Bytes(b.Metadata.Labels ?? new Dictionary<string, string>()))
        || NodeTemplate.PodCapacity(a) != NodeTemplate.PodCapacity(b);

    private void RetryUnschedulable()
    {
        List<string> keys;
        lock (_gate) keys = [.. _unschedulable];
        foreach (var key in keys) _queue.Add(key);
    }

    private static bool NeedsScheduling(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Spec?.SchedulerName == Name && pod.Metadata.DeletionTimestamp is null
        && pod.Status?.Phase is not ("Failed" or "Succeeded");

    /// <summary>Schedules one pod: binds it, or records why it fits nowhere.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        if (store.TryGet(Pods, ns, name)?.Object is not V1Pod pod || !NeedsScheduling(pod))
        {
            lock (_gate) _unschedulable.Remove(key);
            return;
        }
        var nodes = store.Snapshot.List(Nodes, null).Select(n => (V1Node)n.Object).ToList();
        Dictionary<string, int> counts;
        lock (_gate) counts = _assigned.Values.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var reasons = new List<string>();
        var feasible = new List<V1Node>();
        foreach (var node in nodes)
        {
            if (NodeFit.Check(pod, node, counts.GetValueOrDefault(node.Metadata.Name)) is { } reason) reasons.Add(reason);
            else feasible.Add(node);
        }
        if (feasible.Count == 0)
        {
            await RecordUnschedulableAsync(key, pod, NodeFit.FailureMessage(nodes.Count, reasons)).ConfigureAwait(false);
            return;
        }
        // Spread first the pod's siblings (default topology spreading: pods of the same Services),
        // then all pods; what still ties is decided by the seedable random source.
        var siblings = SiblingsPerNode(pod);
        var score = (V1Node n) => (siblings.GetValueOrDefault(n.Metadata.Name), counts.GetValueOrDefault(n.Metadata.Name));
        var top = feasible.Select(score).Min();
        var best = feasible.Where(n => score(n) == top).ToList();
        var chosen = best[random.Next(best.Count)].Metadata.Name;
        try
        {
            await binder.BindAsync(ns, name, new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { Kind = "Node", Name = chosen },
            }).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            return;
        }
        lock (_gate)
        {
            _assigned[key] = chosen;
            _unschedulable.Remove(key);
        }
        await events.RecordAsync(pod, EventRecorder.Normal, "Scheduled", $"Successfully assigned {ns}/{name} to {chosen}", Name).ConfigureAwait(false);
    }

    /// <summary>
    /// How many of the pod's siblings each node runs: pods selected by a Service that selects this
    /// pod (pods with the very same labels when no Service does), as PodTopologySpread's system
    /// default constraints count them.
    /// </summary>
    private Dictionary<string, int> SiblingsPerNode(V1Pod pod)
    {
        var snapshot = store.Snapshot;
        var ns = pod.Metadata.NamespaceProperty;
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var selectors = snapshot.List(store.Registry.Get("", "services"), ns)
            .Select(s => ((V1Service)s.Object).Spec?.Selector)
            .Where(sel => sel is { Count: > 0 } && LabelSelector.FromMap(sel).Matches(labels))
            .Select(sel => LabelSelector.FromMap(sel))
            .ToList();
        bool IsSibling(V1Pod other) => selectors.Count > 0
            ? selectors.Any(sel => sel.Matches(other.Metadata.Labels))
            : labels.Count > 0 && other.Metadata.Labels is { } l && l.Count == labels.Count && !l.Except(labels).Any();
        return snapshot.List(Pods, ns).Select(o => (V1Pod)o.Object)
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && p.Metadata.Uid != pod.Metadata.Uid && IsSibling(p))
            .GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
    }

    private async Task RecordUnschedulableAsync(string key, V1Pod pod, string message)
    {
        lock (_gate) _unschedulable.Add(key);
        try
        {
            await store.GuaranteedUpdateAsync(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, current =>
            {
                var p = (V1Pod)current;
                if (p.Metadata.Uid == pod.Metadata.Uid && string.IsNullOrEmpty(p.Spec.NodeName))
                {
                    PodConditions.Set(p.Status ??= new V1PodStatus(), "PodScheduled", "False", "Unschedulable", message, KubeTime.UtcNow(time));
                }
                return p;
            }, WriteOptions.Default, status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return;
        }
        await events.RecordAsync(pod, EventRecorder.Warning, "FailedScheduling", message, Name).ConfigureAwait(false);
    }
}
