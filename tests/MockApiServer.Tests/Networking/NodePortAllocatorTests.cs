using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking;

public class NodePortAllocatorTests
{
    private static NodePortAllocator Allocator(string range = "30000-32767", int seed = 1) =>
        new(PortRange.Parse(range, NetworkingOptions.NodePortRangeSwitch), new RandomSource(seed));

    [Fact]
    public void DefaultRange_HasKeyAndDynamicBandFrom30086()
    {
        var allocator = Allocator();

        Assert.Equal("nodeport:30000-32767", allocator.RangeKey);
        Assert.Equal(30086, allocator.DynamicBandStart);
    }

    [Fact]
    public void AllocateNext_FillsUpperBandBeforeLowerThenReportsFull()
    {
        var allocator = Allocator("30000-30099");
        var tx = new FakeWriteTransaction();

        var ports = Enumerable.Range(0, 100).Select(_ => allocator.AllocateNext(tx, "ns/svc")!.Value).ToList();

        Assert.All(ports.Take(84), p => Assert.InRange(p, 30016, 30099));
        Assert.All(ports.Skip(84), p => Assert.InRange(p, 30000, 30015));
        Assert.Equal(100, ports.Distinct().Count());
        Assert.Null(allocator.AllocateNext(tx, "ns/svc"));
    }

    [Fact]
    public void Allocate_Taken_ReturnsAlreadyAllocated()
    {
        var allocator = Allocator();
        var tx = new FakeWriteTransaction();
        allocator.Allocate(tx, 30080, "ns/a");

        Assert.Equal("provided port is already allocated", allocator.Allocate(tx, 30080, "ns/b"));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(32768)]
    public void Allocate_OutOfRange_ReturnsRangeMessage(int port) =>
        Assert.Equal("provided port is not in the valid range. The range of valid ports is 30000-32767",
            Allocator().Allocate(new FakeWriteTransaction(), port, "ns/a"));
}
