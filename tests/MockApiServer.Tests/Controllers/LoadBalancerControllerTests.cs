using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>Each test gets its own server: the pool is cluster-wide, so tests must not see each other's addresses.</summary>
public sealed class LoadBalancerControllerTests : FreshServerTest<LoadBalancerControllerTests.Fixture>
{
    /// <summary>A four-address pool and one extra served class.</summary>
    public sealed class Fixture : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
            [new("LoadBalancerIpRange", "172.18.255.200-172.18.255.203"), new("LoadBalancerClass", "mock.example.com/lb")];
    }

    private static V1Service LoadBalancer(string name, int port = 80, string? loadBalancerIP = null, string? lbClass = null, IDictionary<string, string>? annotations = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
        Spec = new V1ServiceSpec
        {
            Type = "LoadBalancer",
            Selector = Objects.Labels(("app", name)),
            Ports = [new V1ServicePort { Port = port, TargetPort = 8080 }],
            LoadBalancerIP = loadBalancerIP,
            LoadBalancerClass = lbClass,
        },
    };

    private Task<V1Service> CreateAsync(V1Service service) => Client.CoreV1.CreateNamespacedServiceAsync(service, "default");

    private async Task<string> WaitForIpAsync(string name)
    {
        var service = await Poll.UntilAsync(() => Client.CoreV1.ReadNamespacedServiceAsync(name, "default"), s => s.Status?.LoadBalancer?.Ingress is { Count: > 0 });
        return service.Status.LoadBalancer.Ingress.Single().Ip;
    }

    private async Task<Corev1Event> WaitForEventAsync(string service, string reason) =>
        (await Poll.UntilAsync(
            () => Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={service}"),
            list => list.Items.Any(e => e.Reason == reason))).Items.First(e => e.Reason == reason);

    private async Task<IList<V1LoadBalancerIngress>?> IngressAsync(string name) =>
        (await Client.CoreV1.ReadNamespacedServiceAsync(name, "default")).Status?.LoadBalancer?.Ingress;

    [Fact]
    public async Task Create_LoadBalancer_GetsFirstPoolAddressAsVipWithIPAllocatedEvent()
    {
        await CreateAsync(LoadBalancer("web"));

        var service = await Poll.UntilAsync(() => Client.CoreV1.ReadNamespacedServiceAsync("web", "default"), s => s.Status?.LoadBalancer?.Ingress is { Count: > 0 });
        var ingress = service.Status.LoadBalancer.Ingress.Single();
        Assert.Equal("172.18.255.200", ingress.Ip);
        Assert.Equal("VIP", ingress.IpMode);
        var ev = await WaitForEventAsync("web", "IPAllocated");
        Assert.Equal("Normal", ev.Type);
        Assert.Equal("Assigned IP [\"172.18.255.200\"]", ev.Message);
        Assert.Equal("metallb-controller", ev.Source.Component);
    }

    [Fact]
    public async Task Create_WithLoadBalancerIP_GetsTheRequestedAddress()
    {
        await CreateAsync(LoadBalancer("web", loadBalancerIP: "172.18.255.202"));

        Assert.Equal("172.18.255.202", await WaitForIpAsync("web"));
    }

    [Fact]
    public async Task Create_WithLoadBalancerIPsAnnotation_GetsTheRequestedAddress()
    {
        await CreateAsync(LoadBalancer("web", annotations: Objects.Labels(("metallb.universe.tf/loadBalancerIPs", "172.18.255.203"))));

        Assert.Equal("172.18.255.203", await WaitForIpAsync("web"));
    }

    [Fact]
    public async Task Create_RequestingATakenAddress_StaysPendingWithAllocationFailedWarning()
    {
        await CreateAsync(LoadBalancer("first"));
        Assert.Equal("172.18.255.200", await WaitForIpAsync("first"));

        await CreateAsync(LoadBalancer("second", port: 443, loadBalancerIP: "172.18.255.200"));

        var ev = await WaitForEventAsync("second", "AllocationFailed");
        Assert.Equal("Warning", ev.Type);
        Assert.Equal("Failed to allocate IP for \"default/second\": can't change sharing key for \"default/second\", address also in use by default/first", ev.Message);
        Assert.Null(await IngressAsync("second"));
    }

    [Fact]
    public async Task Create_RequestingAnAddressOutsideThePool_StaysPendingWithAllocationFailedWarning()
    {
        await CreateAsync(LoadBalancer("web", loadBalancerIP: "1.2.3.4"));

        var ev = await WaitForEventAsync("web", "AllocationFailed");
        Assert.Equal("Failed to allocate IP for \"default/web\": \"1.2.3.4\" is not allowed in config", ev.Message);
        Assert.Null(await IngressAsync("web"));
    }

    [Fact]
    public async Task Create_SharingAnAddressWithTheSameKeyAndOtherPorts_BothGetIt()
    {
        var shared = Objects.Labels(("metallb.universe.tf/allow-shared-ip", "dns"));
        await CreateAsync(LoadBalancer("dns-tcp", port: 53, loadBalancerIP: "172.18.255.201", annotations: shared));
        await CreateAsync(LoadBalancer("dns-alt", port: 5353, loadBalancerIP: "172.18.255.201", annotations: shared));

        Assert.Equal("172.18.255.201", await WaitForIpAsync("dns-tcp"));
        Assert.Equal("172.18.255.201", await WaitForIpAsync("dns-alt"));
    }

    [Fact]
    public async Task Create_WithAnotherClass_IsLeftPendingWhileOurClassIsServed()
    {
        await CreateAsync(LoadBalancer("theirs", lbClass: "example.com/other"));
        await CreateAsync(LoadBalancer("ours", lbClass: "mock.example.com/lb"));

        await WaitForIpAsync("ours");
        Assert.Null(await IngressAsync("theirs"));
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=theirs");
        Assert.Empty(events.Items);
    }

    [Fact]
    public async Task TypeChange_AwayFromLoadBalancer_ClearsIngressAndFreesTheAddress()
    {
        await CreateAsync(LoadBalancer("web"));
        Assert.Equal("172.18.255.200", await WaitForIpAsync("web"));

        await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("{\"spec\":{\"type\":\"ClusterIP\"}}", V1Patch.PatchType.MergePatch), "web", "default");

        Assert.Null(await IngressAsync("web"));
        await CreateAsync(LoadBalancer("next"));
        Assert.Equal("172.18.255.200", await WaitForIpAsync("next"));
    }

    [Fact]
    public async Task Delete_FreesTheAddressForTheNextService()
    {
        await CreateAsync(LoadBalancer("a"));
        Assert.Equal("172.18.255.200", await WaitForIpAsync("a"));
        await CreateAsync(LoadBalancer("b"));
        Assert.Equal("172.18.255.201", await WaitForIpAsync("b"));

        await Client.CoreV1.DeleteNamespacedServiceAsync("a", "default");
        await CreateAsync(LoadBalancer("c"));

        Assert.Equal("172.18.255.200", await WaitForIpAsync("c"));
    }

    [Fact]
    public async Task PoolFull_NextServiceWaitsWithNoAvailableIPs_AndGetsTheFirstFreedAddress()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await CreateAsync(LoadBalancer(name));
            await WaitForIpAsync(name);
        }

        await CreateAsync(LoadBalancer("e"));

        var ev = await WaitForEventAsync("e", "AllocationFailed");
        Assert.Equal("Failed to allocate IP for \"default/e\": no available IPs", ev.Message);
        var freed = await WaitForIpAsync("b");
        await Client.CoreV1.DeleteNamespacedServiceAsync("b", "default");
        Assert.Equal(freed, await WaitForIpAsync("e"));
    }
}
