using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Controllers;

/// <summary>
/// The EndpointSlice writes one sync decided on, applied the way k/k endpointslice's reconciler
/// finalizes them: a slice about to be deleted is reused (updated) for a slice about to be created
/// of the same address type, then creates, updates and deletes run in that order.
/// </summary>
public sealed class SlicePlan
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    public List<V1EndpointSlice> Creates { get; } = [];
    public List<V1EndpointSlice> Updates { get; } = [];
    public List<V1EndpointSlice> Deletes { get; } = [];

    public bool IsEmpty => Creates.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;

    /// <summary>The slices of one Service that one controller manages (by the service-name and managed-by labels).</summary>
    public static List<V1EndpointSlice> Managed(CacheSnapshot snapshot, ResourceDefinition slices, string ns, string service, string managedBy) =>
        snapshot.WithLabels(slices, ns, new Dictionary<string, string> { [ServiceNameLabel] = service, [ManagedByLabel] = managedBy })
            .Select(s => s.CloneAs<V1EndpointSlice>())
            .ToList();

    /// <summary>The key of the Service a slice belongs to, when <paramref name="managedBy"/> manages it.</summary>
    public static string? ServiceKey(StoredObject? slice, string managedBy)
    {
        var labels = slice?.Object.Metadata.Labels;
        return labels is not null && labels.TryGetValue(ManagedByLabel, out var by) && by == managedBy && labels.TryGetValue(ServiceNameLabel, out var service)
            ? EndpointPods.Key(slice!.Namespace, service)
            : null;
    }

    /// <summary>Turns delete + create pairs of the same address type into updates, keeping names stable.</summary>
    public void ReuseDeletedNames()
    {
        for (var i = 0; i < Deletes.Count && Creates.Count > 0;)
        {
            var deleted = Deletes[i];
            var created = Creates.FindLast(c => c.AddressType == deleted.AddressType);
            if (created is null)
            {
                i++;
                continue;
            }
            Creates.Remove(created);
            created.Metadata.Name = deleted.Metadata.Name;
            created.Metadata.GenerateName = deleted.Metadata.GenerateName;
            created.Metadata.ResourceVersion = deleted.Metadata.ResourceVersion;
            Updates.Add(created);
            Deletes.RemoveAt(i);
        }
    }

    /// <summary>Sets (or, with null, clears) the last-change-trigger-time on every slice being written.</summary>
    public void SetTriggerTime(DateTime? time)
    {
        foreach (var slice in Creates.Concat(Updates))
        {
            var annotations = new Dictionary<string, string>(slice.Metadata.Annotations ?? new Dictionary<string, string>());
            if (time is { } t) annotations[TriggerTimeTracker.Annotation] = TriggerTimeTracker.Format(t);
            else annotations.Remove(TriggerTimeTracker.Annotation);
            slice.Metadata.Annotations = annotations.Count == 0 ? null : annotations;
        }
    }

    /// <summary>Writes the plan; a conflict or other failure throws so the key is retried (creates in a terminating namespace are dropped).</summary>
    public async Task ApplyAsync(ResourceStore store, string ns)
    {
        var slices = store.Registry.Get("discovery.k8s.io", "endpointslices");
        foreach (var slice in Creates)
        {
            try
            {
                await store.CreateAsync(slices, ns, slice, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 403 && e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true)
            {
                return;
            }
        }
        foreach (var slice in Updates) await store.UpdateAsync(slices, ns, slice.Metadata.Name, slice, WriteOptions.Manager("kube-controller-manager")).ConfigureAwait(false);
        foreach (var slice in Deletes)
        {
            try
            {
                await store.DeleteAsync(slices, ns, slice.Metadata.Name, null, dryRun: false).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }
    }

    /// <summary>A slice's port set as a comparable key.</summary>
    public static string PortKey(IEnumerable<Discoveryv1EndpointPort>? ports) => ports is null ? "[]" : KubeJson.Serialize(ports.ToList());

    /// <summary>endpointset's identity of an endpoint: its addresses, hostname and target pod.</summary>
    public static string Identity(V1Endpoint endpoint) =>
        $"{string.Join(",", (endpoint.Addresses ?? []).Order(StringComparer.Ordinal))}|{endpoint.Hostname}|{endpoint.TargetRef?.NamespaceProperty}/{endpoint.TargetRef?.Name}";

    public static bool SameEndpoint(V1Endpoint a, V1Endpoint b) => KubeJson.Serialize(a) == KubeJson.Serialize(b);

    public static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
