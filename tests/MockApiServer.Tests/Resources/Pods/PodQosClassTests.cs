using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Pods;

/// <summary>status.qosClass as the apiserver sets it on create, before any kubelet sees the pod.</summary>
public sealed class PodQosClassTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private static Dictionary<string, ResourceQuantity> CpuAndMemory(string cpu, string memory) =>
        new() { ["cpu"] = new ResourceQuantity(cpu), ["memory"] = new ResourceQuantity(memory) };

    [Theory]
    [InlineData("guaranteed", true, true, "Guaranteed")]
    [InlineData("burstable", true, false, "Burstable")]
    [InlineData("best-effort", false, false, "BestEffort")]
    public async Task Create_SetsTheQosClassFromTheContainersResources(string name, bool requests, bool limits, string qosClass)
    {
        var client = factory.Client;
        var pod = Objects.Pod($"qos-{name}");
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = requests ? CpuAndMemory("250m", "64Mi") : null,
            Limits = limits ? CpuAndMemory("250m", "64Mi") : null,
        };

        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var read = await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");

        Assert.Equal(qosClass, created.Status.QosClass);
        Assert.Equal(qosClass, read.Status.QosClass);
    }
}
