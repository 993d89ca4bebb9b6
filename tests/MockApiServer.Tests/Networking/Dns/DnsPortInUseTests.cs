using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Networking.Dns;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking.Dns;

public sealed class DnsPortInUseTests
{
    [Fact]
    public async Task PortInUse_LeavesDnsOffAndTheApiServing()
    {
        using var holder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.Client.LocalEndPoint!).Port;
        using var factory = new PortFactory(port);

        var ready = await factory.CreateClient().GetStringAsync("/readyz");

        Assert.Equal("ok", ready);
        Assert.Null(factory.Services.GetRequiredService<ClusterDnsServer>().Endpoint);
    }

    [Fact]
    public void PortZero_StartsNoServer()
    {
        using var factory = new MockApiServerFactory();

        Assert.Null(factory.Services.GetRequiredService<ClusterDnsServer>().Endpoint);
    }

    private sealed class PortFactory(int port) : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("DnsPort", port.ToString(CultureInfo.InvariantCulture))];
    }
}
