using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;

namespace MockApiServer.Controllers;

/// <summary>
/// The endpoints controller (k/k pkg/controller/endpoint): for every Service with a selector, an
/// Endpoints object of the same name listing the matching pods' addresses and resolved ports.
/// Selectorless Services' Endpoints belong to the user and are never touched.
/// </summary>
public sealed class EndpointsController(ResourceStore store, EventRecorder events, TimeProvider time, ILogger<EndpointsController> logger) : BackgroundService
{
    public const string Component = "endpoint-controller";
    private const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
    private const string HeadlessLabel = "service.kubernetes.io/headless";

    private readonly WorkQueue _queue = new(time);
    private readonly TriggerTimeTracker _triggers = new();

    private ResourceDefinition Services => store.Registry.Get("", "services");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Endpoints => store.Registry.Get("", "endpoints");

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        // checkLeftoverEndpoints: every existing Endpoints is synced once, so orphans get deleted.
        foreach (var e in store.Snapshot.List(Endpoints, null))
            if (e.Object.Metadata.Annotations?.ContainsKey(LeaderAnnotation) != true) _queue.Add(EndpointPods.Key(e.Namespace, e.Name));
        return Task.WhenAll(
            new Informer(store, Services).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
            new Informer(store, Pods).RunAsync(OnPodChange, ct),
            new Informer(store, Endpoints).RunAsync((previous, current) => { if (current is null) Enqueue(previous); }, ct),
            Workers(ct));
    }

    /// <summary>kube-controller-manager's --concurrent-endpoint-syncs (5): workers share the queue, never the same key.</summary>
    private Task Workers(CancellationToken ct) => Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct)));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add(EndpointPods.Key(obj.Namespace, obj.Name));
    }

    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        foreach (var key in EndpointPods.ServiceKeysForPod(store.Snapshot, Services, previous, current)) _queue.Add(key);
    }

    /// <summary>Rebuilds the Endpoints of the Service <paramref name="key"/> ("namespace/name") and writes only a difference.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = EndpointPods.SplitKey(key);
        var snapshot = store.Snapshot;
        var current = snapshot.Get(Endpoints, ns, name);
        if (snapshot.Get(Services, ns, name)?.Object is not V1Service service)
        {
            _triggers.Delete(key);
            if (current is not null) await DeleteAsync(ns, name).ConfigureAwait(false);
            return;
        }
        if (service.Spec.Type == "ExternalName" || EndpointPods.Selector(service) is not { } selector) return;

        var pods = EndpointPods.SelectedPods(snapshot, Pods, service, selector).ToList();
        var subsets = EndpointSubsets.Repack(Addresses(service, pods));
        var triggerTime = _triggers.Compute(key, service, pods);
        var overCapacity = EndpointSubsets.Truncate(subsets);
        var labels = DesiredLabels(service);
        var existing = (V1Endpoints?)current?.Object;
        if (existing is not null && UpToDate(existing, subsets, labels, overCapacity)) return;

        var endpoints = current?.CloneAs<V1Endpoints>() ?? new V1Endpoints { ApiVersion = "v1", Kind = "Endpoints", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };
        endpoints.Subsets = subsets.Count == 0 ? null : subsets;
        endpoints.Metadata.Labels = labels.Count == 0 ? null : labels;
        var annotations = new Dictionary<string, string>(endpoints.Metadata.Annotations ?? new Dictionary<string, string>());
        Set(annotations, TriggerTimeTracker.Annotation, triggerTime is { } t ? TriggerTimeTracker.Format(t) : null);
        Set(annotations, EndpointSubsets.OverCapacityAnnotation, overCapacity ? "truncated" : null);
        endpoints.Metadata.Annotations = annotations.Count == 0 ? null : annotations;
        await WriteAsync(service, endpoints, create: current is null).ConfigureAwait(false);
    }

    /// <summary>One single-address, single-port subset per (pod, service port), before repacking.</summary>
    private static IEnumerable<V1EndpointSubset> Addresses(V1Service service, IEnumerable<V1Pod> pods)
    {
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        foreach (var pod in pods)
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: publishNotReady)) continue;
            var ipv6 = EndpointPods.PrimaryFamilyIsIpv6(service, pod);
            var ip = EndpointPods.PodIps(pod).FirstOrDefault(ip => EndpointPods.IsIpv6(ip) == ipv6);
            if (ip is null) continue;
            var address = new V1EndpointAddress
            {
                Ip = ip,
                NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
                Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec.Hostname : null,
            };
            var ready = publishNotReady || EndpointPods.IsReady(pod);
            var ports = service.Spec.Ports ?? [];
            if (ports.Count == 0)
            {
                if (ServiceTypes.IsHeadless(service.Spec)) yield return Subset(address, ready, null);
                continue;
            }
            foreach (var servicePort in ports)
            {
                if (EndpointPods.FindPort(pod, servicePort) is not { } port) continue;
                yield return Subset(address, ready, new Corev1EndpointPort
                {
                    Name = string.IsNullOrEmpty(servicePort.Name) ? null : servicePort.Name,
                    Port = port,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                });
            }
        }
    }

    private static V1EndpointSubset Subset(V1EndpointAddress address, bool ready, Corev1EndpointPort? port) => new()
    {
        Addresses = ready ? [address] : null,
        NotReadyAddresses = ready ? null : [address],
        Ports = port is null ? null : [port],
    };

    /// <summary>The Service's labels, plus service.kubernetes.io/headless for a headless Service.</summary>
    private static Dictionary<string, string> DesiredLabels(V1Service service)
    {
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        // As k/k: labelled when !IsServiceIPSet; the only Services without a clusterIP (ExternalName) are never synced.
        if (!ServiceTypes.IsServiceIpSet(service.Spec)) labels[HeadlessLabel] = "";
        else labels.Remove(HeadlessLabel);
        return labels;
    }

    /// <summary>
    /// Equal subsets and labels and a consistent over-capacity annotation; the trigger-time
    /// annotation is ignored, as in Kubernetes. (Kubernetes compares the untruncated subsets and so
    /// rewrites an over-capacity Endpoints on every sync; comparing the truncated ones avoids that.)
    /// </summary>
    private static bool UpToDate(V1Endpoints existing, List<V1EndpointSubset> subsets, Dictionary<string, string> labels, bool overCapacity)
    {
        var annotated = existing.Metadata.Annotations?.TryGetValue(EndpointSubsets.OverCapacityAnnotation, out var value) == true && value == "truncated";
        var existingLabels = existing.Metadata.Labels ?? new Dictionary<string, string>();
        return annotated == overCapacity
            && existingLabels.Count == labels.Count && labels.All(l => existingLabels.TryGetValue(l.Key, out var v) && v == l.Value)
            && KubeJson.Serialize(WithoutResourceVersions(existing.Subsets)) == KubeJson.Serialize(subsets);
    }

    private static List<V1EndpointSubset> WithoutResourceVersions(IList<V1EndpointSubset>? subsets)
    {
        var list = subsets?.ToList() ?? [];
        if (!list.Any(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? []).Any(a => a.TargetRef?.ResourceVersion is not null))) return list;
        var copy = (List<V1EndpointSubset>)KubeJson.Deserialize(KubeJson.SerializeToUtf8Bytes(list), typeof(List<V1EndpointSubset>))!;
        foreach (var a in copy.SelectMany(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? []))) if (a.TargetRef is { } r) r.ResourceVersion = null;
        return copy;
    }

    private static void Set(Dictionary<string, string> annotations, string key, string? value)
    {
        if (value is null) annotations.Remove(key);
        else annotations[key] = value;
    }

    private async Task WriteAsync(V1Service service, V1Endpoints endpoints, bool create)
    {
        var ns = service.Metadata.NamespaceProperty;
        try
        {
            if (create) await store.CreateAsync(Endpoints, ns, endpoints, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
            else await store.UpdateAsync(Endpoints, ns, service.Metadata.Name, endpoints, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            // Creating in a terminating namespace keeps failing; the item is dropped.
            if (create && e.Code == 403 && e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true) return;
            var message = create
                ? $"Failed to create endpoint for service {ns}/{service.Metadata.Name}: {e.Message}"
                : $"Failed to update endpoint {ns}/{service.Metadata.Name}: {e.Message}";
            await events.RecordAsync(endpoints, EventRecorder.Warning, create ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint", message, Component).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeleteAsync(string ns, string name)
    {
        try
        {
            await store.DeleteAsync(Endpoints, ns, name, null, dryRun: false).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
