using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Testing;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>Each test seeds an inconsistency through the store, runs one repair pass and checks the table and the Events.</summary>
public sealed class ServiceAllocationRepairControllerTests : FreshServerTest<MockApiServerFactory>
{
    private const string ClusterIpRange = "clusterip:10.96.0.0/12";
    private const string NodePortRange = "nodeport:30000-32767";

    private ResourceStore Store => Factory.Services.GetRequiredService<ResourceStore>();

    private ServiceAllocationRepairController Repair => Factory.Services.GetRequiredService<ServiceAllocationRepairController>();

    private Task<string?> OwnerAsync(string range, long value) =>
        Store.TransactAsync(tx => tx.Allocated(range).TryGetValue(value, out var owner) ? owner : null);

    private static V1Service NodePort(string name, int nodePort = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Type = "NodePort",
            Selector = Objects.Labels(("app", name)),
            Ports = [new V1ServicePort { Port = 80, TargetPort = 8080, NodePort = nodePort == 0 ? null : nodePort }],
        },
    };

    /// <summary>Rewrites a stored Service without going through the strategy (as a restored backup or a bug would).</summary>
    private Task OverwriteAsync(string name, Action<V1Service> change) => Store.TransactAsync(tx =>
    {
        var services = Factory.Services.GetRequiredService<ResourceRegistry>().Get("", "services");
        var service = tx.Get(services, "default", name)!.CloneAs<V1Service>();
        change(service);
        return tx.Put(services, service);
    });

    private async Task<List<Corev1Event>> WarningsAsync(string service, string reason) =>
        (await Poll.UntilAsync(
            () => Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={service}"),
            list => list.Items.Any(e => e.Reason == reason))).Items.Where(e => e.Reason == reason).ToList();

    [Fact]
    public async Task Repair_ReleasesAllocationsNoServiceHolds()
    {
        await Store.TransactAsync(tx => tx.TryAllocate(NodePortRange, 30500, "default/ghost") && tx.TryAllocate(ClusterIpRange, 0x0A600505, "default/ghost"));

        await Repair.RepairAsync();

        Assert.Null(await OwnerAsync(NodePortRange, 30500));
        Assert.Null(await OwnerAsync(ClusterIpRange, 0x0A600505));
    }

    [Fact]
    public async Task Repair_ReservesValuesAServiceHoldsButTheTableLacks_WithNotAllocatedWarnings()
    {
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(NodePort("web", 30100), "default");
        var ip = (long)MockApiServer.Networking.ServiceCidr.ToValue(service.Spec.ClusterIP)!.Value;
        await Store.TransactAsync(tx =>
        {
            tx.Release(NodePortRange, 30100);
            tx.Release(ClusterIpRange, ip);
            return true;
        });

        await Repair.RepairAsync();

        Assert.Equal("default/web", await OwnerAsync(NodePortRange, 30100));
        Assert.Equal("default/web", await OwnerAsync(ClusterIpRange, ip));
        var port = Assert.Single(await WarningsAsync("web", "PortNotAllocated"));
        Assert.Equal("Port 30100 is not allocated; repairing", port.Message);
        Assert.Equal("Warning", port.Type);
        Assert.Equal("portallocator-repair-controller", port.Source.Component);
        var cluster = Assert.Single(await WarningsAsync("web", "ClusterIPNotAllocated"));
        Assert.Equal($"Cluster IP {service.Spec.ClusterIP} is not allocated; repairing", cluster.Message);
    }

    [Fact]
    public async Task Repair_ValueHeldByTwoServices_WarnsOnTheSecondAndKeepsTheFirstOwner()
    {
        var first = await Client.CoreV1.CreateNamespacedServiceAsync(NodePort("a-first", 30200), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(NodePort("b-second", 30201), "default");
        await OverwriteAsync("b-second", s =>
        {
            s.Spec.Ports[0].NodePort = 30200;
            s.Spec.ClusterIP = first.Spec.ClusterIP;
            s.Spec.ClusterIPs = [first.Spec.ClusterIP];
        });

        await Repair.RepairAsync();

        Assert.Equal("Port 30200 was assigned to multiple services; please recreate service", Assert.Single(await WarningsAsync("b-second", "PortAlreadyAllocated")).Message);
        Assert.Equal($"Cluster IP {first.Spec.ClusterIP} was assigned to multiple services; please recreate service",
            Assert.Single(await WarningsAsync("b-second", "ClusterIPAlreadyAllocated")).Message);
        Assert.Equal("default/a-first", await OwnerAsync(NodePortRange, 30200));
        Assert.Null(await OwnerAsync(NodePortRange, 30201));
    }

    [Fact]
    public async Task Repair_OutOfRangeValues_AreReportedWithKubernetesMessages()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(NodePort("stray"), "default");
        await OverwriteAsync("stray", s =>
        {
            s.Spec.Ports[0].NodePort = 8080;
            s.Spec.ClusterIP = "192.168.0.5";
            s.Spec.ClusterIPs = ["192.168.0.5"];
        });

        await Repair.RepairAsync();

        Assert.Equal("Port 8080 is not within the port range 30000-32767; please recreate service",
            Assert.Single(await WarningsAsync("stray", "PortOutOfRange")).Message);
        Assert.Equal("Cluster IP 192.168.0.5 is not within the service CIDR 10.96.0.0/12; please recreate service",
            Assert.Single(await WarningsAsync("stray", "ClusterIPOutOfRange")).Message);
    }

    [Fact]
    public async Task Repair_LeavesAConsistentTableUnchanged()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(NodePort("web"), "default");
        await Repair.RepairAsync();

        var report = await Repair.RepairAsync();

        Assert.Empty(report.Reserved);
        Assert.Empty(report.Released);
        Assert.Empty(report.Problems);
    }
}

/// <summary>The repair loop runs on its own, every interval of the server's (fake) clock.</summary>
public sealed class PeriodicRepairTests(PeriodicRepairTests.Fixture factory) : IClassFixture<PeriodicRepairTests.Fixture>
{
    public sealed class Fixture() : MockApiServerFactory(new MockApiServerOptions { TimeProvider = new FakeTimeProvider() })
    {
        public FakeTimeProvider Clock => (FakeTimeProvider)Options.TimeProvider!;

        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("RepairServicesInterval", "60")];
    }

    [Fact]
    public async Task Leak_IsReleasedByTheNextPeriodicPass()
    {
        _ = factory.Client; // starts the server
        var store = factory.Services.GetRequiredService<ResourceStore>();
        await store.TransactAsync(tx => tx.TryAllocate("nodeport:30000-32767", 31999, "default/ghost"));

        // Each probe moves the clock an interval on: the loop may not be waiting on its timer yet at the first.
        await Poll.UntilAsync(async () =>
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(60));
            return await store.TransactAsync(tx => tx.IsAllocated("nodeport:30000-32767", 31999));
        }, allocated => !allocated);
    }
}
