using k8s;
using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// Seeds what the endpoint controllers read, through the official client: nodes, services, and
/// pods made Running with an IP and a Ready condition through pods/status (no kubelet runs here).
/// </summary>
public sealed class Cluster(IKubernetes client, string ns)
{
    private int _nextIp = 10;

    public IKubernetes Client => client;

    public string Namespace => ns;

    public static async Task<Cluster> CreateAsync(IKubernetes client, string? ns = null)
    {
        ns ??= "t-" + Guid.NewGuid().ToString("N")[..10];
        await client.CoreV1.CreateNamespaceAsync(Objects.Namespace(ns));
        return new Cluster(client, ns);
    }

    public async Task<V1Node> NodeAsync(string name, string? zone = null)
    {
        try
        {
            return await client.CoreV1.ReadNodeAsync(name);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name };
            if (zone is not null) labels["topology.kubernetes.io/zone"] = zone;
            return await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        }
    }

    public Task<V1Service> ServiceAsync(string name, IDictionary<string, string>? selector, int port = 80, IntOrString? targetPort = null, Action<V1Service>? configure = null)
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
            Spec = new V1ServiceSpec { Selector = selector, Ports = [new V1ServicePort { Port = port, TargetPort = targetPort ?? 5000 }] },
        };
        configure?.Invoke(service);
        return client.CoreV1.CreateNamespacedServiceAsync(service, ns);
    }

    /// <summary>A pod on <paramref name="node"/> (created if missing), Running with the next IP, Ready as asked.</summary>
    public async Task<V1Pod> PodAsync(string name, IDictionary<string, string> labels, bool ready = true, string node = "node-1", Action<V1Pod>? configure = null, string? ip = null)
    {
        await NodeAsync(node);
        var pod = Objects.Pod(name, labels, 5000);
        pod.Spec.NodeName = node;
        pod.Spec.SchedulerName = "none";
        configure?.Invoke(pod);
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        return await SetStatusAsync(created, ip ?? $"10.244.1.{_nextIp++}", ready);
    }

    /// <summary>Replaces the pod's status: Running, the IP, Ready and ContainersReady as asked.</summary>
    public async Task<V1Pod> SetStatusAsync(V1Pod pod, string ip, bool ready)
    {
        var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, ns);
        var status = ready ? "True" : "False";
        var now = DateTime.UtcNow;
        current.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            HostIP = "172.18.0.2",
            Conditions =
            [
                new V1PodCondition { Type = "Ready", Status = status, LastTransitionTime = now },
                new V1PodCondition { Type = "ContainersReady", Status = status, LastTransitionTime = now },
            ],
            ContainerStatuses = [new V1ContainerStatus { Name = "web", Image = "nginx:1.27", ImageID = "", Ready = ready, RestartCount = 0, Started = true, State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } } }],
        };
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(current, pod.Metadata.Name, ns);
    }

    public async Task<V1Pod> SetReadyAsync(string pod, bool ready)
    {
        var current = await client.CoreV1.ReadNamespacedPodAsync(pod, ns);
        return await SetStatusAsync(current, current.Status.PodIP, ready);
    }

    /// <summary>Marks the pod terminating: a finalizer keeps it while the delete sets deletionTimestamp.</summary>
    public async Task TerminateAsync(string pod)
    {
        var current = await client.CoreV1.ReadNamespacedPodAsync(pod, ns);
        current.Metadata.Finalizers = ["test/hold"];
        await client.CoreV1.ReplaceNamespacedPodAsync(current, pod, ns);
        await client.CoreV1.DeleteNamespacedPodAsync(pod, ns);
    }

    public async Task<V1Endpoints?> EndpointsAsync(string name)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedEndpointsAsync(name, ns);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IList<V1EndpointSlice>> SlicesAsync(string service) =>
        (await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"kubernetes.io/service-name={service}")).Items;

    public static Dictionary<string, string> App(string app) => new() { ["app"] = app };
}
