using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The opening story of the seed notes, on a cluster of its own so spreading starts from empty nodes.</summary>
public sealed class ClusterStoryTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Pod> RunningAsync(string name, string ns = "default") =>
        await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, ns),
            p => p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready") == true);

    private async Task<V1Namespace> NamespaceAsync(string name) => await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));

    [Fact]
    public async Task ThreePods_BecomeReadyOnDifferentNodes_WithDistinctIpsInTheirNodesPodCidr()
    {
        await NamespaceAsync("spread");
        for (var i = 1; i <= 3; i++) await _client.CoreV1.CreateNamespacedPodAsync(Objects.RunningPod($"web-{i}", Objects.Labels(("app", "frontend"))), "spread");

        var pods = new List<V1Pod>();
        for (var i = 1; i <= 3; i++) pods.Add(await RunningAsync($"web-{i}", "spread"));

        Assert.All(pods, p => Assert.Equal("True", p.Status.Conditions.Single(c => c.Type == "Ready").Status));
        Assert.Equal(3, pods.Select(p => p.Spec.NodeName).Distinct().Count());
        Assert.Equal(3, pods.Select(p => p.Status.PodIP).Distinct().Count());
        foreach (var pod in pods)
        {
            var node = await _client.CoreV1.ReadNodeAsync(pod.Spec.NodeName);
            var prefix = node.Spec.PodCIDR[..node.Spec.PodCIDR.LastIndexOf('.')];
            Assert.StartsWith(prefix + ".", pod.Status.PodIP);
            Assert.Equal(node.Status.Addresses.Single(a => a.Type == "InternalIP").Address, pod.Status.HostIP);
            Assert.Equal(pod.Status.PodIP, pod.Status.PodIPs.Single().Ip);
        }
    }
}
