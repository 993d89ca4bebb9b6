using k8s.Models;

namespace MockApiServer.Controllers;

/// <summary>
/// The EndpointSlice controller's reconcile for one Service and address type (k/k endpointslice
/// reconciler.go reconcileByAddressType): keep endpoints in the slices that hold them, update the
/// ones that changed, fill slices being written anyway, then the fullest unchanged slice with
/// room, then new slices of at most <c>maxPerSlice</c>; an empty Service gets one placeholder slice.
/// </summary>
public static class EndpointSliceReconciler
{
    /// <summary>Desired endpoints of one port set.</summary>
    public sealed record PortGroup(List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints);

    public static void Reconcile(SlicePlan plan, IReadOnlyList<V1EndpointSlice> existing, IReadOnlyDictionary<string, PortGroup> desired,
        Func<List<Discoveryv1EndpointPort>, V1EndpointSlice> newSlice, IDictionary<string, string> labels, int maxPerSlice)
    {
        var remaining = desired.ToDictionary(d => d.Key, d => d.Value.Endpoints.ToDictionary(SlicePlan.Identity), StringComparer.Ordinal);
        var updates = new List<V1EndpointSlice>();
        var unchanged = new List<V1EndpointSlice>();
        var deletes = new List<V1EndpointSlice>();
        foreach (var slice in existing)
        {
            if (!remaining.TryGetValue(SlicePlan.PortKey(slice.Ports), out var wanted))
            {
                deletes.Add(slice);
                continue;
            }
            var changed = !SlicePlan.SameMap(slice.Metadata.Labels, labels);
            var kept = new List<V1Endpoint>();
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (wanted.Remove(SlicePlan.Identity(endpoint), out var desiredEndpoint))
                {
                    changed |= !SlicePlan.SameEndpoint(endpoint, desiredEndpoint);
                    kept.Add(desiredEndpoint);
                }
                else changed = true;
            }
            if (kept.Count == 0) deletes.Add(slice);
            else if (changed)
            {
                slice.Endpoints = kept;
                slice.Metadata.Labels = new Dictionary<string, string>(labels);
                updates.Add(slice);
            }
            else unchanged.Add(slice);
        }

        var creates = new List<V1EndpointSlice>();
        foreach (var (key, group) in desired)
        {
            var left = group.Endpoints.Where(e => remaining[key].ContainsKey(SlicePlan.Identity(e))).ToList();
            foreach (var slice in updates.Where(s => SlicePlan.PortKey(s.Ports) == key))
            {
                var take = Math.Min(maxPerSlice - slice.Endpoints.Count, left.Count);
                if (take <= 0) continue;
                slice.Endpoints = [.. slice.Endpoints, .. left.Take(take)];
                left.RemoveRange(0, take);
            }
            if (left.Count == 0) continue;
            var fill = unchanged.Where(s => SlicePlan.PortKey(s.Ports) == key && s.Endpoints.Count + left.Count <= maxPerSlice)
                .OrderByDescending(s => s.Endpoints.Count).FirstOrDefault();
            if (fill is not null)
            {
                fill.Endpoints = [.. fill.Endpoints, .. left];
                unchanged.Remove(fill);
                updates.Add(fill);
                continue;
            }
            foreach (var chunk in left.Chunk(maxPerSlice))
            {
                var slice = newSlice(group.Ports);
                slice.Endpoints = [.. chunk];
                creates.Add(slice);
            }
        }

        if (existing.Count == deletes.Count && creates.Count == 0)
        {
            // No endpoints at all: one placeholder slice, kept as is when it already exists.
            var placeholder = newSlice([]);
            if (deletes.Count == 1 && IsSamePlaceholder(deletes[0], placeholder)) deletes.Clear();
            else creates.Add(placeholder);
        }
        plan.Creates.AddRange(creates);
        plan.Updates.AddRange(updates);
        plan.Deletes.AddRange(deletes);
    }

    private static bool IsSamePlaceholder(V1EndpointSlice existing, V1EndpointSlice placeholder) =>
        (existing.Endpoints?.Count ?? 0) == 0 && (existing.Ports?.Count ?? 0) == 0 && existing.AddressType == placeholder.AddressType
        && SlicePlan.SameMap(existing.Metadata.Labels, placeholder.Metadata.Labels);
}
