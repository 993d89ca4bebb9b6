using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>A loopback port free for both UDP and TCP at the time of asking.</summary>
public static class FreePort
{
    public static int Pick()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no loopback port free for both UDP and TCP");
    }
}
