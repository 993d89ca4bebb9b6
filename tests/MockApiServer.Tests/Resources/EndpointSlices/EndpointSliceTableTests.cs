using k8s.Models;
using MockApiServer.Resources.EndpointSlices;

namespace MockApiServer.Tests.Resources.EndpointSlices;

public sealed class EndpointSliceTableTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static IReadOnlyList<object?> Cells(V1EndpointSlice slice)
    {
        slice.Metadata ??= new V1ObjectMeta { Name = "web-abcde", CreationTimestamp = Now.AddSeconds(-5) };
        return new EndpointSliceTable().Cells(slice, Now);
    }

    [Fact]
    public void Cells_EmptySlice_PrintsUnsetTwice()
    {
        var cells = Cells(new V1EndpointSlice { AddressType = "IPv4" });

        Assert.Equal(["web-abcde", "IPv4", "<unset>", "<unset>", "5s"], cells);
    }

    [Fact]
    public void Cells_PortWithoutNumber_PrintsNameOrStar()
    {
        var cells = Cells(new V1EndpointSlice { AddressType = "IPv4", Ports = [new() { Name = "http" }, new()] });

        Assert.Equal("http,*", cells[2]);
    }

    [Fact]
    public void Cells_MoreThanThreePorts_CountsTheRest()
    {
        var cells = Cells(new V1EndpointSlice { AddressType = "IPv4", Ports = [new() { Port = 1 }, new() { Port = 2 }, new() { Port = 3 }, new() { Port = 4 }, new() { Port = 5 }] });

        Assert.Equal("1,2,3 + 2 more...", cells[2]);
    }

    [Fact]
    public void Cells_EndpointsWithSeveralAddresses_CountsEveryAddress()
    {
        var cells = Cells(new V1EndpointSlice
        {
            AddressType = "IPv4",
            Endpoints = [new() { Addresses = ["10.0.0.1", "10.0.0.2"] }, new() { Addresses = ["10.0.0.3"] }, new() { Addresses = ["10.0.0.4"] }],
        });

        Assert.Equal("10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", cells[3]);
    }
}
