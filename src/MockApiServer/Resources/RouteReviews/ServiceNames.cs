using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>
/// Just enough DNS for RouteReview destinations: "svc", "svc.ns", "svc.ns.svc" and
/// "svc.ns.svc.&lt;cluster domain&gt;" to the Service (the cluster DNS resolver serves the full spec).
/// </summary>
public static class ServiceNames
{
    /// <summary>
    /// The Service a name denotes, seen from <paramref name="fromNamespace"/>, in the zone
    /// <paramref name="clusterDomain"/> (--cluster-domain); null when it is no service name.
    /// </summary>
    public static V1Service? Find(ResourceStore store, string name, string fromNamespace, string clusterDomain)
    {
        var labels = name.TrimEnd('.').ToLowerInvariant().Split('.');
        var (svc, ns) = labels.Length switch
        {
            1 => (labels[0], fromNamespace),
            2 => (labels[0], labels[1]),
            3 when labels[2] == "svc" => (labels[0], labels[1]),
            > 3 when string.Join('.', labels[2..]).Equals($"svc.{clusterDomain}", StringComparison.OrdinalIgnoreCase) => (labels[0], labels[1]),
            _ => (null, null),
        };
        if (svc is null || ns is null) return null;
        return store.TryGet(store.Registry.Get("", "services"), ns, svc)?.Object as V1Service;
    }
}
