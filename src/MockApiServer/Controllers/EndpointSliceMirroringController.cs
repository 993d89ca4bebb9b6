using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Controllers;

/// <summary>
/// The EndpointSlice mirroring controller (k/k pkg/controller/endpointslicemirroring): the
/// user-managed Endpoints of a selectorless Service are mirrored into EndpointSlices, one per
/// subset and address type, unless labelled endpointslice.kubernetes.io/skip-mirror: "true".
/// </summary>
public sealed class EndpointSliceMirroringController(ResourceStore store, EventRecorder events, TimeProvider time, ILogger<EndpointSliceMirroringController> logger) : BackgroundService
{
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";
    public const string Component = "endpointslice-mirroring-controller.k8s.io";
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";
    private const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly WorkQueue _queue = new(time);

    /// <summary>kube-controller-manager's --mirroring-max-endpoints-per-subset.</summary>
    public int MaxEndpointsPerSubset { get; set; } = 1000;

    private ResourceDefinition Services => store.Registry.Get("", "services");
    private ResourceDefinition Endpoints => store.Registry.Get("", "endpoints");
    private ResourceDefinition Slices => store.Registry.Get("discovery.k8s.io", "endpointslices");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Services).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, Endpoints).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, Slices).RunAsync((previous, current) => OnSliceChange(current ?? previous), ct),
        Workers(ct));

    /// <summary>kube-controller-manager's --mirroring-concurrent-service-endpoint-syncs (5): workers share the queue, never the same key.</summary>
    private Task Workers(CancellationToken ct) => Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct)));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add(EndpointPods.Key(obj.Namespace, obj.Name));
    }

    private void OnSliceChange(StoredObject? slice)
    {
        if (SlicePlan.ServiceKey(slice, ManagedBy) is { } key) _queue.Add(key);
    }

    /// <summary>Mirrors the Endpoints <paramref name="key"/> ("namespace/name"), or removes its mirrored slices when it should not be mirrored.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = EndpointPods.SplitKey(key);
        var snapshot = store.Snapshot;
        var existing = SlicePlan.Managed(snapshot, Slices, ns, name, ManagedBy);
        var plan = new SlicePlan();
        var service = (V1Service?)snapshot.Get(Services, ns, name)?.Object;
        var endpoints = (V1Endpoints?)snapshot.Get(Endpoints, ns, name)?.Object;
        if (service is null || EndpointPods.Selector(service) is not null || endpoints is null || !ShouldMirror(endpoints))
        {
            plan.Deletes.AddRange(existing);
            if (!plan.IsEmpty) await plan.ApplyAsync(store, ns).ConfigureAwait(false);
            return;
        }

        var (desired, invalid, skipped) = Desired(endpoints);
        var remaining = existing.ToList();
        foreach (var ((addressType, _), group) in desired)
        {
            var match = remaining.FirstOrDefault(s => s.AddressType == addressType && SlicePlan.PortKey(s.Ports) == SlicePlan.PortKey(group.Ports));
            var wanted = NewSlice(endpoints, addressType, group.Ports, group.Endpoints);
            if (match is null)
            {
                plan.Creates.Add(wanted);
                continue;
            }
            remaining.Remove(match);
            if (SameContent(match, wanted)) continue;
            match.Endpoints = wanted.Endpoints;
            match.Metadata.Labels = wanted.Metadata.Labels;
            match.Metadata.Annotations = wanted.Metadata.Annotations;
            match.Metadata.OwnerReferences = wanted.Metadata.OwnerReferences;
            plan.Updates.Add(match);
        }
        plan.Deletes.AddRange(remaining);
        plan.ReuseDeletedNames();
        if (!plan.IsEmpty) await plan.ApplyAsync(store, ns).ConfigureAwait(false);
        if (invalid > 0)
            await events.RecordAsync(endpoints, EventRecorder.Warning, "InvalidIPAddress", $"Skipped {invalid} invalid IP addresses when mirroring to EndpointSlices", Component).ConfigureAwait(false);
        if (skipped > invalid)
            await events.RecordAsync(endpoints, EventRecorder.Warning, "TooManyAddressesToMirror",
                $"A max of {MaxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. {skipped - invalid} addresses were skipped", Component).ConfigureAwait(false);
    }

    private static bool ShouldMirror(V1Endpoints endpoints) =>
        !(endpoints.Metadata.Labels?.TryGetValue(SkipMirrorLabel, out var skip) == true && skip == "true")
        && endpoints.Metadata.Annotations?.ContainsKey(LeaderAnnotation) != true;

    /// <summary>The repacked subsets' addresses by (address type, ports): at most MaxEndpointsPerSubset per subset, invalid IPs skipped.</summary>
    private (Dictionary<(string, string), EndpointSliceReconciler.PortGroup> Desired, int Invalid, int Skipped) Desired(V1Endpoints endpoints)
    {
        var desired = new Dictionary<(string, string), EndpointSliceReconciler.PortGroup>();
        int invalid = 0, skipped = 0;
        foreach (var subset in EndpointSubsets.Repack(endpoints.Subsets ?? []))
        {
            var ports = (subset.Ports ?? []).Select(p => new Discoveryv1EndpointPort { Name = p.Name ?? "", Port = p.Port, Protocol = p.Protocol ?? "TCP", AppProtocol = p.AppProtocol }).ToList();
            var addresses = (subset.Addresses ?? []).Select(a => (a, true)).Concat((subset.NotReadyAddresses ?? []).Select(a => (a, false))).ToList();
            var added = 0;
            foreach (var (address, ready) in addresses)
            {
                if (added >= MaxEndpointsPerSubset) break;
                if (IpValidation.ParseIp(address.Ip ?? "") is null)
                {
                    invalid++;
                    continue;
                }
                var addressType = EndpointPods.IsIpv6(address.Ip!) ? "IPv6" : "IPv4";
                var key = (addressType, SlicePlan.PortKey(ports));
                if (!desired.TryGetValue(key, out var group)) desired[key] = group = new(ports, []);
                group.Endpoints.Add(new V1Endpoint
                {
                    Addresses = [address.Ip!],
                    Conditions = new V1EndpointConditions { Ready = ready },
                    TargetRef = address.TargetRef,
                    NodeName = address.NodeName,
                    Hostname = string.IsNullOrEmpty(address.Hostname) ? null : address.Hostname,
                });
                added++;
            }
            skipped += addresses.Count - added;
        }
        return (desired, invalid, skipped);
    }

    /// <summary>The mirroring controller's newEndpointSlice: the Endpoints' labels and annotations (minus reserved ones), owned by the Endpoints.</summary>
    private static V1EndpointSlice NewSlice(V1Endpoints endpoints, string addressType, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> items)
    {
        var labels = (endpoints.Metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Key is not (SlicePlan.ManagedByLabel or SlicePlan.ServiceNameLabel)).ToDictionary(l => l.Key, l => l.Value);
        labels[SlicePlan.ServiceNameLabel] = endpoints.Metadata.Name;
        labels[SlicePlan.ManagedByLabel] = ManagedBy;
        var annotations = (endpoints.Metadata.Annotations ?? new Dictionary<string, string>())
            .Where(a => a.Key is not (TriggerTimeTracker.Annotation or LastAppliedAnnotation)).ToDictionary(a => a.Key, a => a.Value);
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                GenerateName = endpoints.Metadata.Name + "-",
                NamespaceProperty = endpoints.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations.Count == 0 ? null : annotations,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Endpoints", Name = endpoints.Metadata.Name, Uid = endpoints.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            AddressType = addressType,
            Ports = ports.Count == 0 ? null : ports,
            Endpoints = items,
        };
    }

    private static bool SameContent(V1EndpointSlice existing, V1EndpointSlice wanted) =>
        SlicePlan.SameMap(existing.Metadata.Labels, wanted.Metadata.Labels)
        && SlicePlan.SameMap(existing.Metadata.Annotations, wanted.Metadata.Annotations)
        && KubeJson.Serialize(existing.Endpoints ?? []) == KubeJson.Serialize(wanted.Endpoints ?? [])
        && existing.Metadata.OwnerReferences?.FirstOrDefault()?.Uid == wanted.Metadata.OwnerReferences[0].Uid;
}
