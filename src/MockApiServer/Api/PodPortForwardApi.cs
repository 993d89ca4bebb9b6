using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using Microsoft.AspNetCore.Http.Features;
using MockApiServer.Api.Spdy;
using MockApiServer.Machinery;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Api;

/// <summary>
/// <c>pods/portforward</c> in the three forms clients speak: SPDY/3.1 <c>portforward.k8s.io</c>
/// over an HTTP upgrade (kubectl up to 1.30), the same SPDY tunnelled in a WebSocket
/// (<c>SPDY/3.1+portforward.k8s.io</c>, kubectl 1.31+), and the WebSocket channel protocol
/// (<c>v4.channel.k8s.io</c>, the official C# and Python clients: <c>?ports=</c>, channel 2i data and
/// 2i+1 errors for port i, each opened with the port as two little-endian bytes). Each forwarded
/// connection lands on the pod's own listener for the port (the kubelet dials localhost in the
/// pod's network namespace) and talks to it through <see cref="ListenerSession"/>; a port nothing
/// listens on gets containerd's error on the error stream.
/// </summary>
public static class PodPortForwardApi
{
    public const string SpdyProtocol = "portforward.k8s.io";
    public const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";
    private static readonly string[] ChannelProtocols = ["v4.channel.k8s.io", ""];

    public static IEndpointRouteBuilder MapPodPortForwardApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var pods = registry.Get("", "pods");
        foreach (var method in new[] { "GET", "POST" })
        {
            RequestDelegate run = ctx => ctx.RequestServices.GetRequiredService<Handler>().ConnectAsync(ctx);
            app.MapMethods("/api/v1/namespaces/{namespace}/pods/{name}/portforward", [method], run)
                .WithMetadata(run.Method)
                .WithName($"connectCoreV1{method[0]}{method[1..].ToLowerInvariant()}NamespacedPodPortforward")
                .WithSummary($"connect {method} requests to portforward of Pod")
                .WithDescription("An upgrade, not a plain request: SPDY/3.1 with X-Stream-Protocol-Version portforward.k8s.io, a WebSocket offering SPDY/3.1+portforward.k8s.io, or a WebSocket offering v4.channel.k8s.io with ?ports=. Swagger UI cannot open it; use kubectl port-forward or a client library.")
                .WithTags("v1 Pod")
                .WithMetadata(new KubeOperation("connect", pods, "portforward", ["ports"], "PodPortForwardOptions"));
        }
        return app;
    }

    public sealed class Handler(ResourceStore store, PodNetwork network, ExecCommandRegistry commands, RandomSource random, TimeProvider time)
    {
        public async Task ConnectAsync(HttpContext ctx)
        {
            var (ns, name) = (ctx.Request.RouteValues["namespace"] as string ?? "", ctx.Request.RouteValues["name"] as string ?? "");
            var pod = (V1Pod)store.Get(store.Registry.Get("", "pods"), ns, name).Object;
            if (string.IsNullOrEmpty(pod.Spec?.NodeName)) throw StatusErrors.BadRequest($"pod {name} does not have a host assigned");
            if (ctx.WebSockets.IsWebSocketRequest)
            {
                var offered = ctx.WebSockets.WebSocketRequestedProtocols;
                if (offered.Contains(TunnelProtocol))
                {
                    // ASP.NET Core refuses '/' in a subprotocol token (RFC 6455 wants a token), so the
                    // header is set here and the upgrade accepted without one, as gorilla/websocket would answer.
                    ctx.Response.Headers.SecWebSocketProtocol = TunnelProtocol;
                    var tunnel = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                    await SpdyAsync(new WebSocketTunnel(tunnel), pod, ctx.RequestAborted).ConfigureAwait(false);
                    return;
                }
                var ports = Ports(ctx);
                var protocol = ChannelWebSocket.Negotiate(offered, ChannelProtocols)
                    ?? throw StatusErrors.BadRequest($"requested protocol(s) are not supported: [{string.Join(" ", offered)}]; supports [{string.Join(" ", ChannelProtocols)}]");
                var socket = await ctx.WebSockets.AcceptWebSocketAsync(protocol.Length == 0 ? null : protocol).ConfigureAwait(false);
                await ChannelsAsync(socket, protocol, pod, ports, ctx.RequestAborted).ConfigureAwait(false);
                return;
            }
            if (ctx.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade
                && ctx.Request.Headers.Upgrade.ToString().Equals("SPDY/3.1", StringComparison.OrdinalIgnoreCase))
            {
                var versions = ctx.Request.Headers["X-Stream-Protocol-Version"].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
                if (versions.Count > 0 && !versions.Contains(SpdyProtocol))
                    throw StatusErrors.Failure(403, "Forbidden", $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(" ", versions)}], server supports [{SpdyProtocol}]");
                ctx.Response.Headers.Connection = "Upgrade";
                ctx.Response.Headers.Upgrade = "SPDY/3.1";
                if (versions.Count > 0) ctx.Response.Headers["X-Stream-Protocol-Version"] = SpdyProtocol;
                var transport = await upgrade.UpgradeAsync().ConfigureAwait(false);
                await SpdyAsync(transport, pod, ctx.RequestAborted).ConfigureAwait(false);
                return;
            }
            throw StatusErrors.BadRequest("Upgrade request required");
        }

        /// <summary>PodPortForwardOptions.ports for the WebSocket form (the kubelet requires at least one).</summary>
        private static List<int> Ports(HttpContext ctx)
        {
            var texts = ctx.Request.Query["ports"].SelectMany(p => (p ?? "").Split(',')).Where(p => p.Length > 0).ToList();
            if (texts.Count == 0) throw StatusErrors.BadRequest("query parameter \"port\" is required");
            return texts.Select(t => ushort.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? port > 0 ? port : throw StatusErrors.BadRequest($"port \"{t}\" must be > 0")
                : throw StatusErrors.BadRequest($"unable to parse \"{t}\" as a port: strconv.ParseUint: parsing \"{t}\": invalid syntax")).Select(p => (int)p).ToList();
        }

        private async Task ChannelsAsync(System.Net.WebSockets.WebSocket socket, string protocol, V1Pod pod, List<int> ports, CancellationToken cancellation)
        {
            await using var channels = new ChannelWebSocket(socket, protocol, cancellation);
            var forwards = ports.Select(async (port, i) =>
            {
                var (data, error) = ((byte)(2 * i), (byte)(2 * i + 1));
                var portBytes = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(portBytes, (ushort)port);
                await channels.SendAsync(data, portBytes, cancellation).ConfigureAwait(false);
                await channels.SendAsync(error, portBytes, cancellation).ConfigureAwait(false);
                var failure = await ForwardAsync(pod, port, channels.Input(data), bytes => channels.SendAsync(data, bytes, cancellation), cancellation).ConfigureAwait(false);
                if (failure is not null) await channels.SendAsync(error, Encoding.UTF8.GetBytes(failure), cancellation).ConfigureAwait(false);
            }).ToList();
            await Task.WhenAll(forwards).ConfigureAwait(false);
            await channels.CloseAsync().ConfigureAwait(false);
        }

        /// <summary>kubelet's httpStreamHandler: streams come in pairs (error, data) sharing a requestid and a port header.</summary>
        private async Task SpdyAsync(Stream transport, V1Pod pod, CancellationToken cancellation)
        {
            var pairs = new ConcurrentDictionary<string, TaskCompletionSource<SpdyStream>[]>();
            await using var connection = new SpdyConnection(transport, async stream =>
            {
                var type = stream.Headers.GetValueOrDefault("streamtype");
                var requestId = stream.Headers.GetValueOrDefault("requestid")
                    ?? (type == "data" ? stream.Id - 2 : stream.Id).ToString(CultureInfo.InvariantCulture);
                var pair = pairs.GetOrAdd(requestId, _ => [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)]);
                if (type == "error") pair[0].TrySetResult(stream);
                else if (type == "data") pair[1].TrySetResult(stream);
                else
                {
                    await stream.CloseAsync().ConfigureAwait(false);
                    return;
                }
                if (type != "data") return;
                var error = await pair[0].Task.WaitAsync(TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);
                pairs.TryRemove(requestId, out _);
                var failure = int.TryParse(stream.Headers.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? await ForwardAsync(pod, port, stream.Input, bytes => stream.WriteAsync(bytes), cancellation).ConfigureAwait(false)
                    : $"invalid port header \"{stream.Headers.GetValueOrDefault("port")}\"";
                if (failure is not null) await error.WriteAsync(Encoding.UTF8.GetBytes(failure)).ConfigureAwait(false);
                await stream.CloseAsync().ConfigureAwait(false);
                await error.CloseAsync().ConfigureAwait(false);
            });
            await connection.RunAsync(cancellation).ConfigureAwait(false);
        }

        /// <summary>One forwarded connection to the pod's listener; null when it ran, else the kubelet's error text.</summary>
        private async Task<string?> ForwardAsync(V1Pod pod, int port, Stream input, Func<ReadOnlyMemory<byte>, Task> send, CancellationToken cancellation)
        {
            var listener = network.Listeners(pod, commands).Select(l => l.Listener)
                .FirstOrDefault(l => l.Port == port && l.Protocol.Equals("TCP", StringComparison.OrdinalIgnoreCase));
            if (listener is null) return RefusedMessage(pod, port);
            var client = $"127.0.0.1:{32768 + random.Next(28232)}";
            try
            {
                await ListenerSession.RunAsync(listener, PodContainers.Hostname(pod), client, input, send, time, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return null;
        }

        /// <summary>containerd's "connection refused" inside the sandbox's network namespace, as the kubelet relays it.</summary>
        private static string RefusedMessage(V1Pod pod, int port)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pod.Metadata.Uid ?? pod.Metadata.Name)));
            var netns = $"cni-{hash[..8]}-{hash[8..12]}-{hash[12..16]}-{hash[16..20]}-{hash[20..32]}";
            return $"error forwarding port {port} to pod {hash}, uid : failed to execute portforward in network namespace \"/var/run/netns/{netns}\": " +
                $"failed to connect to localhost:{port} inside namespace \"{hash}\", IPv4: dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection refused ";
        }
    }
}
