using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Resources.Pods;
using MockApiServer.Resources.Services;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// default-scheduler: each unbound pod of schedulerName default-scheduler is bound through
/// pods/binding to a Ready, schedulable node that passes <see cref="NodeFit"/>, preferring the node
/// with the fewest of the pod's siblings, then the fewest pods (ties broken by the seedable random
/// source). A pod that fits nowhere gets PodScheduled=False/Unschedulable and a FailedScheduling
/// event, and is retried when a node changes or a pod goes away. As in kube-scheduler, the
/// scheduling cycle is serial and the binding cycle is not: a chosen pod is assumed on its node at
/// once (it counts there before the informer sees the binding) and bound in the background, so
/// many bindings share one group commit. Its bookkeeping costs O(1) per pod event: pods per node
/// and siblings per node are counted as pods come and go, not recounted per decision.
/// </summary>
public sealed class SchedulerController(ResourceStore store, PodBinder binder, EventRecorder events, TimeProvider time, RandomSource random,
    ILogger<SchedulerController> logger) : BackgroundService
{
    public const string Name = "default-scheduler";
    private readonly WorkQueue _queue = new(time);
    private readonly NodeAssignments _assigned = new();
    private readonly HashSet<string> _binding = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unschedulable = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Nodes => store.Registry.Get("", "nodes");
    private ResourceDefinition Services => store.Registry.Get("", "services");

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
            if (pod?.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is not ("Failed" or "Succeeded")) _assigned.Assign(key, node, pod);
            // A pod whose binding is in flight keeps its assumed node until the binding lands or fails.
            else if (pod is null || !_binding.Contains(key) || pod.Status?.Phase is "Failed" or "Succeeded") freed = _assigned.Remove(key);
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

    /// <summary>One scheduling cycle: picks the pod's node and starts its binding, or records why it fits nowhere.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        lock (_gate)
        {
            if (_binding.Contains(key)) return;
        }
        var snapshot = store.Snapshot;
        if (snapshot.Get(Pods, ns, name)?.Object is not V1Pod pod || !NeedsScheduling(pod))
        {
            lock (_gate) _unschedulable.Remove(key);
            return;
        }
        var nodes = snapshot.List(Nodes, null).Select(n => (V1Node)n.Object).ToList();
        var reasons = new List<string>();
        var feasible = new List<V1Node>();
        Dictionary<string, int> siblings;
        lock (_gate)
        {
            foreach (var node in nodes)
            {
                if (NodeFit.Check(pod, node, _assigned.PodsOn(node.Metadata.Name)) is { } reason) reasons.Add(reason);
                else feasible.Add(node);
            }
            siblings = feasible.Count == 0 ? [] : SiblingsPerNode(snapshot, pod);
        }
        if (feasible.Count == 0)
        {
            await RecordUnschedulableAsync(key, pod, NodeFit.FailureMessage(nodes.Count, reasons)).ConfigureAwait(false);
            return;
        }
        string chosen;
        lock (_gate)
        {
            // Spread first the pod's siblings (default topology spreading), then all pods; what still
            // ties is decided by the seedable random source.
            var score = (V1Node n) => (siblings.GetValueOrDefault(n.Metadata.Name), _assigned.PodsOn(n.Metadata.Name));
            var top = feasible.Select(score).Min();
            var best = feasible.Where(n => score(n) == top).ToList();
            chosen = best[random.Next(best.Count)].Metadata.Name;
            _assigned.Assign(key, chosen, pod);
            _binding.Add(key);
            _unschedulable.Remove(key);
        }
        _ = BindAsync(key, pod, chosen);
    }

    /// <summary>The binding cycle: writes pods/binding; a failed binding forgets the assumption and, unless the pod is gone or bound, retries.</summary>
    private async Task BindAsync(string key, V1Pod pod, string node)
    {
        var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        try
        {
            await binder.BindAsync(ns, name, new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { Kind = "Node", Name = node },
            }).ConfigureAwait(false);
            lock (_gate) _binding.Remove(key);
            await events.RecordAsync(pod, EventRecorder.Normal, "Scheduled", $"Successfully assigned {ns}/{name} to {node}", Name).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // 404: the pod is gone; 409: bound by someone else or being deleted — the informer's next event tells the truth.
            var final = e is ApiException { Code: 404 or 409 };
            lock (_gate)
            {
                _binding.Remove(key);
                if (!final) _assigned.Remove(key);
            }
            if (final) return;
            logger.LogDebug(e, "Binding {Key} to {Node} failed; retrying", key, node);
            _queue.AddAfter(key, TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// How many of the pod's siblings each node runs (or is assumed to): pods selected by a Service
    /// that selects this pod, or pods with the very same labels when no Service does, as
    /// PodTopologySpread's system default constraints count them. Called under the gate.
    /// </summary>
    private Dictionary<string, int> SiblingsPerNode(CacheSnapshot snapshot, V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var selectors = ObjectIndex.Pairs(labels)
            .SelectMany(pair => snapshot.ByIndex(Services, ServiceIndexes.Selector.Name, ns, pair))
            .DistinctBy(s => s.Name)
            .Select(s => ((V1Service)s.Object).Spec?.Selector)
            .Where(sel => sel is { Count: > 0 } && LabelSelector.FromMap(sel).Matches(labels))
            .ToList();
        if (selectors.Count == 0) return _assigned.SameLabelsPerNode(ns, labels);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var other in selectors.SelectMany(sel => snapshot.WithLabels(Pods, ns, sel!)).DistinctBy(o => o.Name))
        {
            if (other.Object.Metadata.Uid == pod.Metadata.Uid) continue;
            var node = ((V1Pod)other.Object).Spec?.NodeName is { Length: > 0 } bound ? bound : _assigned.NodeOf($"{ns}/{other.Name}");
            if (node is not null) counts[node] = counts.GetValueOrDefault(node) + 1;
        }
        return counts;
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
            }, WriteOptions.Manager("kube-scheduler"), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return;
        }
        await events.RecordAsync(pod, EventRecorder.Warning, "FailedScheduling", message, Name).ConfigureAwait(false);
    }
}
