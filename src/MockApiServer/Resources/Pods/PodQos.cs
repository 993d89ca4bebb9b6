using k8s.Models;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// The pod's QoS class (k/k pkg/apis/core/helper/qos.ComputePodQOS) from the cpu and memory
/// requests and limits of its containers and init containers, summed over them: BestEffort when
/// none is set, Guaranteed when every container limits both and the summed requests equal the
/// summed limits, else Burstable. Pod-level resources are left out: PodLevelResources is alpha,
/// off by default, in the Kubernetes version served.
/// </summary>
public static class PodQos
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Classify(V1PodSpec spec)
    {
        var requests = new Dictionary<string, decimal>();
        var limits = new Dictionary<string, decimal>();
        var guaranteed = true;
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            Add(requests, container.Resources?.Requests);
            if (Add(limits, container.Resources?.Limits) < Tracked.Length) guaranteed = false;
        }
        if (requests.Count == 0 && limits.Count == 0) return BestEffort;
        // A zero request is dropped like an absent one, so it leaves the pod Burstable.
        guaranteed &= requests.Count == limits.Count && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value);
        return guaranteed ? Guaranteed : Burstable;
    }

    /// <summary>Adds the positive cpu and memory quantities to the sums; returns how many there were.</summary>
    private static int Add(Dictionary<string, decimal> sums, IDictionary<string, ResourceQuantity>? quantities)
    {
        var found = 0;
        foreach (var name in Tracked)
        {
            if (quantities is null || !quantities.TryGetValue(name, out var quantity)) continue;
            var value = quantity.ToDecimal();
            if (value <= 0) continue;
            sums[name] = sums.GetValueOrDefault(name) + value;
            found++;
        }
        return found;
    }
}
