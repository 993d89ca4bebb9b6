using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.RouteReviews;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Networking.Routing;

/// <summary>Seeds nodes, services, slices and pods through the official client, and asks RouteReviews.</summary>
public sealed class ClusterSeed(IKubernetes client)
{
    public async Task NodesAsync(int count)
    {
        foreach (var node in Nodes(count))
        {
            var status = node.Status;
            if (await ExistsAsync(() => client.CoreV1.ReadNodeAsync(node.Metadata.Name))) continue;
            var created = await client.CoreV1.CreateNodeAsync(node);
            created.Status = status;
            await client.CoreV1.ReplaceNodeStatusAsync(created, created.Metadata.Name);
        }
    }

    public async Task<V1Service> ServiceAsync(V1Service service)
    {
        var ns = service.Metadata.NamespaceProperty;
        if (service.Spec.ClusterIP != "None")
        {
            service.Spec.ClusterIP = null;
            service.Spec.ClusterIPs = null;
        }
        var status = service.Status;
        service.Status = null;
        var created = await client.CoreV1.CreateNamespacedServiceAsync(service, ns);
        if (status is null) return created;
        created.Status = status;
        return await client.CoreV1.ReplaceNamespacedServiceStatusAsync(created, created.Metadata.Name, ns);
    }

    public Task<V1EndpointSlice> SliceAsync(V1EndpointSlice slice) =>
        client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, slice.Metadata.NamespaceProperty);

    public async Task<V1Pod> PodAsync(string ns, string name, string node, string ip)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        };
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        created.Status = new V1PodStatus { Phase = "Running", PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] };
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(created, name, ns);
    }

    public async Task<RouteReview> ReviewAsync(RouteReviewSpec spec)
    {
        var body = new RouteReview { Spec = spec };
        var answer = await client.CustomObjects.CreateClusterCustomObjectAsync(body, "mockapi.dev", "v1", "routereviews");
        return KubeJson.Deserialize<RouteReview>(JsonSerializer.SerializeToUtf8Bytes(answer));
    }

    private static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
