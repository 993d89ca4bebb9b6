using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Simulation;

namespace MockApiServer.Hosting;

/// <summary>
/// What a fresh kubeadm-style cluster has from its first start: the four system namespaces, the
/// default/kubernetes Service on the first service IP with Endpoints at the API server, and the
/// kube-system/kube-dns Service on the tenth, and the nodes node-1 … node-N (only on a fresh store,
/// so nodes deleted through the API stay deleted). Idempotent: existing objects are left alone.
/// </summary>
public sealed class StartupSeeder(ResourceStore store, NetworkingOptions networking, ClusterOptions cluster, Api.ServingOptions serving, VersionOptions version, TimeProvider time, RandomSource random)
{
    /// <summary>The port kube-apiserver serves on inside a kubeadm cluster, behind the kubernetes Service's 443.</summary>
    public const int KubernetesSecurePort = 6443;

    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Creates what is missing in one write (<see cref="ResourceStore.CreateMissingAsync"/>), so a start pays one commit.</summary>
    public async Task SeedAsync()
    {
        var fresh = store.TryGet(store.Registry.Get("", "namespaces"), "", "default") is null;
        var objects = ApiServerObjects();
        objects.Add(Seed("services", "kube-system", KubeDnsService(ServiceCidr.ToAddress(networking.ParseServiceClusterIpRange().Network + 10).ToString())));
        if (fresh) objects.AddRange(Nodes());
        await store.CreateMissingAsync(objects).ConfigureAwait(false);
    }

    /// <summary>
    /// What kube-apiserver itself keeps in place (its bootstrap and system-namespaces controllers):
    /// the system namespaces and default/kubernetes with its Endpoints and EndpointSlice, created
    /// when missing. kube-dns and the nodes are the installer's, and stay deleted when deleted.
    /// </summary>
    public Task ReconcileAsync() => store.CreateMissingAsync(ApiServerObjects());

    private List<(ResourceDefinition, string, IKubernetesObject<V1ObjectMeta>)> ApiServerObjects()
    {
        var cidr = networking.ParseServiceClusterIpRange();
        var objects = new List<(ResourceDefinition, string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (var name in SystemNamespaces) objects.Add(Seed("namespaces", "", new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }));
        objects.Add(Seed("services", "default", KubernetesService(ServiceCidr.ToAddress(cidr.Network + 1).ToString())));
        objects.Add(Seed("endpoints", "default", KubernetesEndpoints()));
        objects.Add(Seed("endpointslices", "default", KubernetesEndpointSlice(), "discovery.k8s.io"));
        return objects;
    }

    private IEnumerable<(ResourceDefinition, string, IKubernetesObject<V1ObjectMeta>)> Nodes()
    {
        var now = KubeTime.UtcNow(time);
        for (var k = 1; k <= cluster.Nodes; k++)
        {
            var node = NodeTemplate.Create($"node-{k}", cluster.NodeAddress(k), cluster.NodePodCidr(k));
            NodeTemplate.FillStatus(node, version.KubernetesVersion, now, random);
            yield return Seed("nodes", "", node);
        }
    }

    private (ResourceDefinition, string, IKubernetesObject<V1ObjectMeta>) Seed(string plural, string ns, IKubernetesObject<V1ObjectMeta> obj, string group = "") =>
        (store.Registry.Get(group, plural), ns, obj);

    private static V1Service KubernetesService(string clusterIp) => new()
    {
        Metadata = new V1ObjectMeta { Name = "kubernetes", Labels = new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIp,
            Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = KubernetesSecurePort, Protocol = "TCP" }],
        },
    };

    private V1Endpoints KubernetesEndpoints() => new()
    {
        Metadata = new V1ObjectMeta { Name = "kubernetes", Labels = new Dictionary<string, string> { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
        Subsets = [new V1EndpointSubset
        {
            Addresses = [new V1EndpointAddress { Ip = serving.AdvertiseAddress }],
            Ports = [new Corev1EndpointPort { Name = "https", Port = KubernetesSecurePort, Protocol = "TCP" }],
        }],
    };

    /// <summary>The slice kube-apiserver's endpoint reconciler keeps for the kubernetes Service (no managed-by label, so no controller touches it).</summary>
    private V1EndpointSlice KubernetesEndpointSlice() => new()
    {
        Metadata = new V1ObjectMeta { Name = "kubernetes", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "kubernetes" } },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = [serving.AdvertiseAddress], Conditions = new V1EndpointConditions { Ready = true } }],
        Ports = [new Discoveryv1EndpointPort { Name = "https", Port = KubernetesSecurePort, Protocol = "TCP" }],
    };

    private static V1Service KubeDnsService(string clusterIp) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "kube-dns",
            Labels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns", ["kubernetes.io/cluster-service"] = "true", ["kubernetes.io/name"] = "CoreDNS" },
            Annotations = new Dictionary<string, string> { ["prometheus.io/port"] = "9153", ["prometheus.io/scrape"] = "true" },
        },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIp,
            Selector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
            Ports =
            [
                new V1ServicePort { Name = "dns", Port = 53, TargetPort = 53, Protocol = "UDP" },
                new V1ServicePort { Name = "dns-tcp", Port = 53, TargetPort = 53, Protocol = "TCP" },
                new V1ServicePort { Name = "metrics", Port = 9153, TargetPort = 9153, Protocol = "TCP" },
            ],
        },
    };
}
