using k8s;
using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// Pods made to look Running with exact, test-chosen status: bound at create to a node the
/// simulated kubelet does not run (it has no Node object), then a Running status with podIP and
/// containerStatuses written through pods/status, as a kubelet would.
/// </summary>
public static class RunningPods
{
    public const string UnsimulatedNode = "external-node";

    public static readonly DateTime StartedAt = new(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);

    public static async Task<V1Pod> CreateAsync(IKubernetes client, V1Pod pod, string ns = "default", string podIp = "10.244.1.5", int restartCount = 0)
    {
        pod.Spec.NodeName ??= UnsimulatedNode;
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        return await MarkRunningAsync(client, created, podIp, restartCount);
    }

    public static async Task<V1Pod> MarkRunningAsync(IKubernetes client, V1Pod pod, string podIp = "10.244.1.5", int restartCount = 0)
    {
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            HostIP = "172.18.0.2",
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = StartedAt,
            ContainerStatuses = pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = "",
                Ready = true,
                Started = true,
                RestartCount = restartCount,
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = StartedAt.AddSeconds(restartCount * 10) } },
                LastState = restartCount == 0 ? null : new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated { ExitCode = 2, ContainerID = "containerd://previous", StartedAt = StartedAt, FinishedAt = StartedAt.AddSeconds(5) },
                },
            }).ToList(),
        };
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty);
    }

    public static V1Pod Pod(string name, params (string Name, string Image)[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            SchedulerName = "none",
            Containers = (containers.Length == 0 ? [("web", "nginx:1.27")] : containers).Select(c => new V1Container { Name = c.Name, Image = c.Image }).ToList(),
        },
    };
}
