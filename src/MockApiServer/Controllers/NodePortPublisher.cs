using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;
using MockApiServer.Networking.Routing;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;
using MockApiServer.Runtime.Images;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// <c>--publish-node-ports</c>: a real TCP listener on 127.0.0.1 for every allocated TCP NodePort,
/// as a kind cluster's port mapping to its first node would give. Each connection is traffic from
/// the host (the node network's gateway) to node-1's address on that port, routed by the kube-proxy
/// model (<see cref="RouteResolver"/>: externalTrafficPolicy, session affinity), and talks to the
/// chosen endpoint's listener through <see cref="ListenerSession"/>. Listeners follow the Services
/// (an informer, one reconcile of the whole set); a port the host already uses is skipped with a
/// Warning Event on the Service.
/// </summary>
public sealed class NodePortPublisher(ResourceStore store, IRoutingTableSource tables, RouteResolver routes, PodNetwork network, ExecCommandRegistry commands,
    ClusterOptions cluster, EventRecorder recorder, RandomSource random, TimeProvider time, ILogger<NodePortPublisher> logger) : BackgroundService
{
    public const string Component = "mockapiserver";
    public const string PortNotAvailable = "NodePortNotAvailable";
    private const string AllKey = "node-ports";

    private readonly WorkQueue _queue = new(time);
    private readonly Dictionary<int, Published> _open = [];
    private readonly HashSet<(string Service, int Port)> _reported = [];
    private CancellationToken _stopping;

    private sealed record Published(string Service, TcpListener Listener, CancellationTokenSource Stop);

    private ResourceDefinition Services => store.Registry.Get("", "services");

    /// <summary>The ports with a listener now (for tests).</summary>
    public IReadOnlyCollection<int> OpenPorts
    {
        get
        {
            lock (_open) return [.. _open.Keys];
        }
    }

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        _stopping = ct;
        ct.Register(CloseAll);
        return Task.WhenAll(new Informer(store, Services).RunAsync((_, _) => _queue.Add(AllKey), ct), _queue.RunAsync(SyncAsync, logger, ct));
    }

    /// <summary>Opens a listener for each wanted port that has none and closes those no Service wants any more.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var wanted = new Dictionary<int, V1Service>();
        foreach (var o in store.Snapshot.List(Services, null))
        {
            if (o.Object is not V1Service service || service.Spec?.Type is not ("NodePort" or "LoadBalancer")) continue;
            foreach (var port in service.Spec.Ports ?? [])
                if (port.NodePort is { } nodePort && nodePort > 0 && (port.Protocol ?? "TCP") == "TCP") wanted.TryAdd(nodePort, service);
        }
        List<(V1Service Service, int Port, string Error)> failures = [];
        lock (_open)
        {
            foreach (var (port, published) in _open.Where(p => !wanted.TryGetValue(p.Key, out var s) || Name(s) != p.Value.Service).ToList())
            {
                Close(published);
                _open.Remove(port);
            }
            _reported.RemoveWhere(r => !wanted.TryGetValue(r.Port, out var s) || Name(s) != r.Service);
            foreach (var (port, service) in wanted.Where(w => !_open.ContainsKey(w.Key)))
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                }
                catch (SocketException e)
                {
                    listener.Dispose();
                    if (_reported.Add((Name(service), port))) failures.Add((service, port, e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "bind: address already in use" : e.Message));
                    continue;
                }
                var published = new Published(Name(service), listener, CancellationTokenSource.CreateLinkedTokenSource(_stopping));
                _open[port] = published;
                _ = AcceptAsync(published, port);
            }
        }
        foreach (var (service, port, error) in failures)
        {
            logger.LogWarning("NodePort {Port} of {Service} not published: {Error}", port, Name(service), error);
            await recorder.RecordAsync(service, EventRecorder.Warning, PortNotAvailable,
                $"can't publish node port {port} on the host: listen tcp4 127.0.0.1:{port}: {error}", Component).ConfigureAwait(false);
        }
    }

    private static string Name(V1Service s) => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}";

    private async Task AcceptAsync(Published published, int port)
    {
        try
        {
            while (!published.Stop.IsCancellationRequested)
            {
                var client = await published.Listener.AcceptTcpClientAsync(published.Stop.Token).ConfigureAwait(false);
                _ = ServeAsync(client, port, published.Stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>One connection from the host: routed from the node network's gateway to node-1's address, then to the endpoint's listener.</summary>
    private async Task ServeAsync(TcpClient client, int port, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var table = tables.Current;
            var nodeIp = table.Nodes.Count > 0 && table.Nodes[0].Addresses.Count > 0 ? table.Nodes[0].Addresses[0] : null;
            var source = ServiceCidr.ToAddress(cluster.ParseNodeCidr().Network + 1).ToString();
            var route = nodeIp is null ? null : routes.Resolve(new RouteSource(source), nodeIp, port, "TCP");
            var connection = route?.Chosen is { } chosen ? network.Reach(chosen.Ip, chosen.Port, "TCP", commands) : null;
            if (connection is { Outcome: ConnectOutcome.Connected, Listener: { } listener, Pod: { } pod })
            {
                var peer = $"{source}:{32768 + random.Next(28232)}";
                await ListenerSession.RunAsync(listener, PodContainers.Hostname(pod), peer, stream,
                    bytes => stream.WriteAsync(bytes, ct).AsTask(), time, ct).ConfigureAwait(false);
            }
            else if (route?.Outcome is RouteOutcome.NoLocalEndpoints or RouteOutcome.Firewalled || connection?.Outcome == ConnectOutcome.TimedOut)
                await stream.CopyToAsync(Stream.Null, ct).ConfigureAwait(false); // dropped: the client waits until it gives up
            else client.Client.LingerState = new LingerOption(true, 0); // REJECT or nothing listening: a reset
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static void Close(Published published)
    {
        published.Stop.Cancel();
        published.Listener.Stop();
        published.Stop.Dispose();
    }

    private void CloseAll()
    {
        lock (_open)
        {
            foreach (var published in _open.Values) Close(published);
            _open.Clear();
        }
    }
}
