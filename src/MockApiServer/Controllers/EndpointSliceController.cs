using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;

namespace MockApiServer.Controllers;

/// <summary>
/// The EndpointSlice controller (k/k pkg/controller/endpointslice): for every Service with a
/// selector, discovery.k8s.io/v1 EndpointSlices named "{service}-xxxxx" holding the matching
/// pods (terminating ones included, with their conditions), at most 100 endpoints each.
/// </summary>
public sealed class EndpointSliceController(ResourceStore store, TimeProvider time, ILogger<EndpointSliceController> logger) : BackgroundService
{
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    private const string HeadlessLabel = "service.kubernetes.io/headless";

    private readonly WorkQueue _queue = new(time);
    private readonly TriggerTimeTracker _triggers = new();

    /// <summary>kube-controller-manager's --max-endpoints-per-slice.</summary>
    public int MaxEndpointsPerSlice { get; set; } = 100;

    private ResourceDefinition Services => store.Registry.Get("", "services");
    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Nodes => store.Registry.Get("", "nodes");
    private ResourceDefinition Slices => store.Registry.Get("discovery.k8s.io", "endpointslices");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Services).RunAsync((previous, current) => Enqueue(current ?? previous), ct),
        new Informer(store, Pods).RunAsync(OnPodChange, ct),
        new Informer(store, Slices).RunAsync((previous, current) => OnSliceChange(current ?? previous), ct),
        Workers(ct));

    /// <summary>kube-controller-manager's --concurrent-service-endpoint-syncs (5): workers share the queue, never the same key.</summary>
    private Task Workers(CancellationToken ct) => Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _queue.RunAsync(SyncAsync, logger, ct)));

    private void Enqueue(StoredObject? obj)
    {
        if (obj is not null) _queue.Add(EndpointPods.Key(obj.Namespace, obj.Name));
    }

    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        foreach (var key in EndpointPods.ServiceKeysForPod(store.Snapshot, Services, previous, current)) _queue.Add(key);
    }

    private void OnSliceChange(StoredObject? slice)
    {
        if (SlicePlan.ServiceKey(slice, ManagedBy) is { } key) _queue.Add(key);
    }

    /// <summary>Reconciles the slices of the Service <paramref name="key"/> ("namespace/name"); writes nothing when they are current.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = EndpointPods.SplitKey(key);
        var snapshot = store.Snapshot;
        var existing = SlicePlan.Managed(snapshot, Slices, ns, name, ManagedBy);
        var plan = new SlicePlan();
        if (snapshot.Get(Services, ns, name)?.Object is not V1Service service)
        {
            // Kubernetes leaves this to the garbage collector (the slices' owner is the Service); there is none here.
            _triggers.Delete(key);
            plan.Deletes.AddRange(existing);
            await plan.ApplyAsync(store, ns).ConfigureAwait(false);
            return;
        }
        if (service.Spec.Type == "ExternalName" || EndpointPods.Selector(service) is not { } selector) return;

        var pods = EndpointPods.SelectedPods(snapshot, Pods, service, selector).ToList();
        var triggerTime = _triggers.Compute(key, service, pods);
        var labels = DesiredLabels(service);
        var addressTypes = service.Spec.IpFamilies is { Count: > 0 } families ? families.ToList() : ["IPv4"];
        var missingNodes = new List<string>();
        foreach (var addressType in addressTypes)
        {
            var desired = DesiredEndpoints(snapshot, service, pods, addressType, missingNodes);
            EndpointSliceReconciler.Reconcile(plan, existing.Where(s => s.AddressType == addressType).ToList(), desired,
                ports => NewSlice(service, addressType, ports, labels), labels, MaxEndpointsPerSlice);
        }
        plan.Deletes.AddRange(existing.Where(s => !addressTypes.Contains(s.AddressType)));
        plan.ReuseDeletedNames();
        plan.SetTriggerTime(triggerTime);
        if (!plan.IsEmpty) await plan.ApplyAsync(store, ns).ConfigureAwait(false);
        // A pod on a Node that does not exist is left out, and the Service retried until it does.
        if (missingNodes.Count > 0)
            throw new InvalidOperationException($"skipping Pods {string.Join(", ", missingNodes)} for Service {key}: Node not found");
    }

    private Dictionary<string, EndpointSliceReconciler.PortGroup> DesiredEndpoints(CacheSnapshot snapshot, V1Service service, List<V1Pod> pods, string addressType, List<string> missingNodes)
    {
        var desired = new Dictionary<string, EndpointSliceReconciler.PortGroup>(StringComparer.Ordinal);
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        foreach (var pod in pods)
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: true)) continue;
            var node = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : (V1Node?)snapshot.Get(Nodes, "", pod.Spec.NodeName)?.Object;
            if (node is null && !publishNotReady)
            {
                missingNodes.Add(pod.Metadata.Name);
                continue;
            }
            var endpoint = ToEndpoint(pod, node, service, addressType);
            if (endpoint.Addresses.Count == 0) continue;
            var ports = EndpointPorts(service, pod);
            var portKey = SlicePlan.PortKey(ports);
            if (!desired.TryGetValue(portKey, out var group)) desired[portKey] = group = new(ports, []);
            group.Endpoints.Add(endpoint);
        }
        return desired;
    }

    /// <summary>podToEndpoint: serving = Ready, terminating = being deleted, ready = publishNotReadyAddresses or serving and not terminating.</summary>
    private static V1Endpoint ToEndpoint(V1Pod pod, V1Node? node, V1Service service, string addressType)
    {
        var serving = EndpointPods.IsReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var zone = node?.Metadata.Labels?.TryGetValue(ZoneLabel, out var z) == true && z.Length > 0 ? z : null;
        return new V1Endpoint
        {
            Addresses = EndpointPods.PodIps(pod).Where(ip => EndpointPods.IsIpv6(ip) == (addressType == "IPv6")).ToList(),
            Conditions = new V1EndpointConditions { Ready = service.Spec.PublishNotReadyAddresses == true || (serving && !terminating), Serving = serving, Terminating = terminating },
            TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
            Zone = zone,
            Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec.Hostname : null,
        };
    }

    /// <summary>getEndpointPorts: each service port whose target resolves on this pod, named as the service port ("" if unnamed).</summary>
    private static List<Discoveryv1EndpointPort> EndpointPorts(V1Service service, V1Pod pod)
    {
        var ports = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec.Ports ?? [])
        {
            if (EndpointPods.FindPort(pod, servicePort) is not { } port) continue;
            ports.Add(new Discoveryv1EndpointPort { Name = servicePort.Name ?? "", Port = port, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
        }
        return ports;
    }

    /// <summary>setEndpointSliceLabels: the Service's labels minus the reserved keys, plus headless, service-name and managed-by.</summary>
    private static Dictionary<string, string> DesiredLabels(V1Service service)
    {
        var labels = (service.Metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Key is not (SlicePlan.ServiceNameLabel or SlicePlan.ManagedByLabel or HeadlessLabel))
            .ToDictionary(l => l.Key, l => l.Value);
        // As k/k: labelled when !IsServiceIPSet; the only Services without a clusterIP (ExternalName) are never synced.
        if (!ServiceTypes.IsServiceIpSet(service.Spec)) labels[HeadlessLabel] = "";
        labels[SlicePlan.ServiceNameLabel] = service.Metadata.Name;
        labels[SlicePlan.ManagedByLabel] = ManagedBy;
        return labels;
    }

    private static V1EndpointSlice NewSlice(V1Service service, string addressType, List<Discoveryv1EndpointPort> ports, Dictionary<string, string> labels) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Metadata.Name + "-",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>(labels),
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name, Uid = service.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
        },
        AddressType = addressType,
        Ports = ports.Count == 0 ? null : ports,
    };
}
