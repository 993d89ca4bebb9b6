using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking.Dns;

/// <summary>
/// A server with its DNS socket on a free loopback port and the seed's picture in place:
/// default/frontend-svc, my-ns/redis-master, a headless my-ns/web with two ready endpoints and
/// one not ready, an empty headless service, an ExternalName service, and pods with IPs.
/// </summary>
public sealed class DnsClusterFactory : MockApiServerFactory, IAsyncLifetime
{
    public const string FrontendIp = "10.96.100.80";
    public const string RedisIp = "10.96.100.79";
    public const string Web0Ip = "10.244.1.10";
    public const string Web1Ip = "10.244.2.11";
    public const string NotReadyIp = "10.244.3.12";
    public const string ClientPodIp = "10.244.1.20";
    public const string ProbePodIp = "10.244.1.21";

    public int DnsPort { get; } = FreePort.Pick();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("DnsPort", DnsPort.ToString(CultureInfo.InvariantCulture))];

    public async Task InitializeAsync()
    {
        var client = Client;
        await client.CoreV1.CreateNamespaceAsync(Objects.Namespace("my-ns"));
        await client.CoreV1.CreateNamespacedServiceAsync(Service("frontend-svc", FrontendIp, ("http", 80, "TCP")), "default");
        await client.CoreV1.CreateNamespacedServiceAsync(Service("redis-master", RedisIp, ("redis", 6379, "TCP")), "my-ns");
        await client.CoreV1.CreateNamespacedServiceAsync(Service("web", "None", ("http", 80, "TCP")), "my-ns");
        await client.CoreV1.CreateNamespacedServiceAsync(Service("empty", "None", ("http", 80, "TCP")), "my-ns");
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "ext" },
            Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "db.example.com" },
        }, "my-ns");
        await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses =
                    [
                        new V1EndpointAddress { Ip = Web0Ip, Hostname = "web-0" },
                        new V1EndpointAddress { Ip = Web1Ip },
                    ],
                    NotReadyAddresses = [new V1EndpointAddress { Ip = NotReadyIp }],
                    Ports = [new Corev1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
                },
            ],
        }, "my-ns");
        await CreatePodAsync(client, "client", "my-ns", ClientPodIp);
        await CreatePodAsync(client, "probe", "default", ProbePodIp);
    }

    public static V1Service Service(string name, string clusterIp, params (string Name, int Port, string Protocol)[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIp,
            Ports = ports.Select(p => new V1ServicePort { Name = p.Name.Length == 0 ? null : p.Name, Port = p.Port, Protocol = p.Protocol }).ToList(),
        },
    };

    /// <summary>A pod with an IP, as the kubelet would report it through pods/status.</summary>
    public static async Task<V1Pod> CreatePodAsync(IKubernetes client, string name, string ns, string ip, V1PodDNSConfig? dnsConfig = null)
    {
        var pod = Objects.Pod(name);
        pod.Spec.DnsConfig = dnsConfig;
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        created.Status ??= new V1PodStatus();
        created.Status.Phase = "Running";
        created.Status.PodIP = ip;
        created.Status.PodIPs = [new V1PodIP { Ip = ip }];
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(created, name, ns);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
