using System.Net;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// The server on Kestrel at a free 127.0.0.1 port, for clients that need a real socket: the
/// official client's WebSocket exec (the fixture's Client goes over it), and real kubectl.
/// <see cref="MockApiServer.Testing.MockApiServerFixture.BaseAddress"/> is http://127.0.0.1:PORT.
/// </summary>
public sealed class LoopbackMockApiServerFactory : MockApiServerFactory
{
    public LoopbackMockApiServerFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
}
