using k8s.Models;

namespace MockApiServer.Resources.Pods;

/// <summary>The pod's QoS class (k/k pkg/apis/core/helper/qos.GetPodQOS), from cpu and memory requests and limits.</summary>
public static class PodQos
{
    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Classify(V1PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var c in containers)
        {
            var requests = Pick(c.Resources?.Requests);
            var limits = Pick(c.Resources?.Limits);
            if (requests.Count > 0 || limits.Count > 0) any = true;
            if (limits.Count < Tracked.Length) guaranteed = false;
            foreach (var (name, limit) in limits)
                if (requests.TryGetValue(name, out var request) && request != limit) guaranteed = false;
        }
        if (!any) return "BestEffort";
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static Dictionary<string, decimal> Pick(IDictionary<string, ResourceQuantity>? quantities)
    {
        var result = new Dictionary<string, decimal>();
        foreach (var name in Tracked)
            if (quantities is not null && quantities.TryGetValue(name, out var q) && q.ToDecimal() is var value && value != 0) result[name] = value;
        return result;
    }
}
