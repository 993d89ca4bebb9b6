using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Resources;

/// <summary>The kinds this server serves: one registration line each.</summary>
public static class CoreResources
{
    /// <summary>Registers the core/v1 kinds; networking and randomness default to the stock cluster (for tests).</summary>
    public static ResourceRegistry AddCoreResources(this ResourceRegistry registry, NetworkingOptions? networking = null, RandomSource? random = null)
    {
        var nodes = Core<V1Node>("Node", "nodes", false, new Nodes.NodeStrategy(), ["no"], subresources: [("proxy", "NodeProxyOptions", ProxyVerbs)]);
        return registry
            .Add(Core<V1Namespace>("Namespace", "namespaces", false, new Namespaces.NamespaceStrategy(), ["ns"]))
            .Add(nodes)
            .Add(Core<V1Pod>("Pod", "pods", true, new Pods.PodStrategy(nodes), ["po"], ["all"],
                subresources: [("attach", "PodAttachOptions", ["create", "get"]), ("binding", "Binding", ["create"]), ("exec", "PodExecOptions", ["create", "get"]), ("log", "Pod", ["get"]), ("portforward", "PodPortForwardOptions", ["create", "get"]), ("proxy", "PodProxyOptions", ProxyVerbs)], indexes: Pods.PodIndexes.All))
            .Add(Core<V1Service>("Service", "services", true, new Services.ServiceStrategy(Services.ServiceAllocation.From(networking ?? new NetworkingOptions(), random ?? new RandomSource())), ["svc"], ["all"],
                subresources: [("proxy", "ServiceProxyOptions", ProxyVerbs)], indexes: Services.ServiceIndexes.All))
            .Add(Core<V1Endpoints>("Endpoints", "endpoints", true, new Endpoints.EndpointsStrategy(), ["ep"]))
            .Add(Core<Corev1Event>("Event", "events", true, new Events.EventStrategy(), ["ev"]))
            .Add(Core<V1ConfigMap>("ConfigMap", "configmaps", true, new ConfigMaps.ConfigMapStrategy(), ["cm"]))
            .Add(Core<V1Secret>("Secret", "secrets", true, new Secrets.SecretStrategy(), []))
            .Add(Core<V1ServiceAccount>("ServiceAccount", "serviceaccounts", true, new ServiceAccounts.ServiceAccountStrategy(), ["sa"]));
    }

    /// <summary>The verbs discovery lists for a proxy subresource (connect on every HTTP method).</summary>
    private static readonly string[] ProxyVerbs = ["create", "delete", "get", "patch", "update"];

    private static ResourceDefinition Core<T>(string kind, string plural, bool namespaced, IResourceStrategy strategy,
        IReadOnlyList<string> shortNames, IReadOnlyList<string>? categories = null, IReadOnlyList<(string, string, string[])>? subresources = null, IReadOnlyList<ObjectIndex>? indexes = null) => new()
        {
            Group = "",
            Version = "v1",
            Kind = kind,
            Plural = plural,
            Namespaced = namespaced,
            ModelType = typeof(T),
            Strategy = strategy,
            ShortNames = shortNames,
            Categories = categories ?? [],
            Subresources = subresources ?? [],
            Indexes = indexes ?? ObjectIndex.Default,
        };
}
