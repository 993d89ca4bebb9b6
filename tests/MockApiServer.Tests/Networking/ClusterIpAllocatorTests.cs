using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking;

public class ClusterIpAllocatorTests
{
    private static ClusterIpAllocator Allocator(string cidr, int seed = 1) =>
        new(ServiceCidr.Parse(cidr, NetworkingOptions.ClusterIpRangeSwitch), new RandomSource(seed));

    private static uint Value(string ip) => ServiceCidr.ToValue(ip)!.Value;

    [Fact]
    public void Properties_ForDefaultRange_NameKeyAndKubernetesAddress()
    {
        var allocator = Allocator("10.96.0.0/12");

        Assert.Equal("clusterip:10.96.0.0/12", allocator.RangeKey);
        Assert.Equal("10.96.0.1", allocator.KubernetesServiceIp.ToString());
        Assert.Equal(256, allocator.StaticBandSize);
    }

    [Theory]
    [InlineData("10.0.0.0/24", 16)]
    [InlineData("10.0.0.0/27", 16)]
    [InlineData("10.0.0.0/28", 0)]
    [InlineData("10.96.0.0/12", 256)]
    public void StaticBand_FollowsKep3070Formula(string cidr, long expected) => Assert.Equal(expected, Allocator(cidr).StaticBandSize);

    [Fact]
    public void AllocateNext_DrawsFromUpperBand()
    {
        var allocator = Allocator("10.96.0.0/12");
        var tx = new FakeWriteTransaction();

        for (var i = 0; i < 200; i++)
        {
            var ip = Value(allocator.AllocateNext(tx, "ns/svc")!);
            Assert.InRange(ip, Value("10.96.1.1"), Value("10.111.255.254"));
        }
    }

    [Fact]
    public void AllocateNext_UsesLowerBandOnlyWhenUpperIsFull()
    {
        var allocator = Allocator("10.0.0.0/24");
        var tx = new FakeWriteTransaction();
        var upper = Enumerable.Range(0, 238).Select(_ => allocator.AllocateNext(tx, "ns/svc")!).ToList();

        var next = allocator.AllocateNext(tx, "ns/svc")!;

        Assert.All(upper, ip => Assert.InRange(Value(ip), Value("10.0.0.17"), Value("10.0.0.254")));
        Assert.Equal(238, upper.Distinct().Count());
        Assert.InRange(Value(next), Value("10.0.0.2"), Value("10.0.0.16"));
    }

    [Fact]
    public void AllocateNext_NeverHandsOutNetworkBroadcastOrKubernetesAddress()
    {
        var allocator = Allocator("10.0.0.0/29");
        var tx = new FakeWriteTransaction();

        var all = Enumerable.Range(0, 5).Select(_ => allocator.AllocateNext(tx, "ns/svc")).ToList();

        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"], all.Order());
        Assert.Null(allocator.AllocateNext(tx, "ns/svc"));
    }

    [Fact]
    public void AllocateNext_WrapsAroundToFreeAddressBeforeStart()
    {
        var allocator = Allocator("10.0.0.0/28", seed: 7);
        var tx = new FakeWriteTransaction();
        for (var ip = 3; ip <= 14; ip++) Assert.Null(allocator.Allocate(tx, $"10.0.0.{ip}", "ns/other"));

        Assert.Equal("10.0.0.2", allocator.AllocateNext(tx, "ns/svc"));
    }

    [Fact]
    public void AllocateNext_IsRepeatableWithTheSameSeed()
    {
        var (a, b) = (Allocator("10.96.0.0/12", 42), Allocator("10.96.0.0/12", 42));

        Assert.Equal(a.AllocateNext(new FakeWriteTransaction(), "x"), b.AllocateNext(new FakeWriteTransaction(), "x"));
    }

    [Fact]
    public void Allocate_RequestedInStaticBand_Succeeds()
    {
        var allocator = Allocator("10.96.0.0/12");
        var tx = new FakeWriteTransaction();

        Assert.Null(allocator.Allocate(tx, "10.96.0.10", "kube-system/kube-dns"));
        Assert.True(allocator.IsAllocated(tx, "10.96.0.10"));
    }

    [Fact]
    public void Allocate_Taken_ReturnsAlreadyAllocated()
    {
        var allocator = Allocator("10.96.0.0/12");
        var tx = new FakeWriteTransaction();
        allocator.Allocate(tx, "10.96.0.50", "ns/a");

        Assert.Equal("provided IP is already allocated", allocator.Allocate(tx, "10.96.0.50", "ns/b"));
    }

    [Fact]
    public void Allocate_TakenUnderDryRun_IsAccepted()
    {
        var allocator = Allocator("10.96.0.0/12");
        var tx = new FakeWriteTransaction(dryRun: true);
        allocator.Allocate(tx, "10.96.0.50", "ns/a");

        Assert.Null(allocator.Allocate(tx, "10.96.0.50", "ns/b"));
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("10.96.0.0")]
    [InlineData("10.111.255.255")]
    [InlineData("abc")]
    public void Allocate_OutOfRange_ReturnsRangeMessage(string ip) =>
        Assert.Equal("provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12",
            Allocator("10.96.0.0/12").Allocate(new FakeWriteTransaction(), ip, "ns/a"));

    [Fact]
    public void Release_MakesAddressAvailableAgain()
    {
        var allocator = Allocator("10.96.0.0/12");
        var tx = new FakeWriteTransaction();
        allocator.Allocate(tx, "10.96.0.50", "ns/a");

        allocator.Release(tx, "10.96.0.50");

        Assert.Null(allocator.Allocate(tx, "10.96.0.50", "ns/b"));
    }
}
