using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// The server on Kestrel at a free 127.0.0.1 port, for clients that need a real socket: the
/// official client's WebSocket exec (the fixture's Client goes over it), and real kubectl.
/// </summary>
public class LoopbackMockApiServerFactory : MockApiServerFactory
{
    public LoopbackMockApiServerFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    /// <summary>http://127.0.0.1:PORT, starting the server on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }
}
