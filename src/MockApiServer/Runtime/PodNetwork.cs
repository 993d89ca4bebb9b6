using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;
using MockApiServer.Resources.Pods;
using MockApiServer.Runtime.Commands;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime;

public enum ConnectOutcome
{
    /// <summary>A running container listens there.</summary>
    Connected,

    /// <summary>The host answers but nothing listens (or kube-proxy REJECTs: a Service without endpoints): RST, "Connection refused".</summary>
    Refused,

    /// <summary>Nothing answers at all (no such host, a dropped packet): the client times out.</summary>
    TimedOut,
}

/// <summary>Where a connection ended: the serving pod, container and listener when it connected, the route it took, and the address reached.</summary>
public sealed record Connection(ConnectOutcome Outcome, string Ip, int Port, V1Pod? Pod = null, string? Container = null, Listener? Listener = null, RouteResult? Route = null);

/// <summary>
/// The pod network as a process sees it: a Service address goes through the kube-proxy model
/// (<see cref="RouteResolver"/>) to an endpoint, a pod IP (or a host-network pod's node IP) goes
/// straight to that pod, and the connection lands only where a running container listens
/// (<see cref="ContainerListeners"/>). Reads the cache; never writes.
/// </summary>
public sealed class PodNetwork(ResourceStore store, RouteResolver routes, IContainerRuntime runtime)
{
    private ResourceDefinition Pods => store.Registry.Get("", "pods");

    /// <remarks><c>commands</c>: The programs the runtime can run (a known program that is no server listens on nothing).</remarks>
    public Connection Connect(RouteSource source, string ip, int port, ExecCommandRegistry commands, string protocol = "TCP")
    {
        var route = routes.Resolve(source, ip, port, protocol);
        return route.Outcome switch
        {
            RouteOutcome.Routed when route.Chosen is { } chosen => Reach(chosen.Ip, chosen.Port, protocol, commands) with { Route = route },
            RouteOutcome.NoEndpoints => new Connection(ConnectOutcome.Refused, ip, port, Route: route),
            RouteOutcome.NoLocalEndpoints or RouteOutcome.Firewalled => new Connection(ConnectOutcome.TimedOut, ip, port, Route: route),
            _ => Reach(ip, port, protocol, commands),
        };
    }

    /// <summary>A connection to an address directly (no Service rules): a probe from the kubelet, or a pod IP.</summary>
    public Connection Reach(string ip, int port, string protocol, ExecCommandRegistry commands)
    {
        var pods = store.Snapshot.ByIndex(Pods, PodIndexes.PodIp.Name, "", ip).Select(o => (V1Pod)o.Object).ToList();
        if (pods.Count == 0) return new Connection(ConnectOutcome.TimedOut, ip, port);
        foreach (var pod in pods.Where(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null))
            foreach (var (container, listener) in Listeners(pod, commands))
                if (listener.Port == port && string.Equals(listener.Protocol, protocol, StringComparison.OrdinalIgnoreCase))
                    return new Connection(ConnectOutcome.Connected, ip, port, pod, container, listener);
        return new Connection(ConnectOutcome.Refused, ip, port);
    }

    /// <summary>Every listener of the pod's running containers.</summary>
    public IEnumerable<(string Container, Listener Listener)> Listeners(V1Pod pod, ExecCommandRegistry commands)
    {
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            if (PodContainers.Status(pod, c.Name)?.State?.Running is null || runtime.Find(pod, c.Name) is not { } state) continue;
            var argv = ContainerProgram.For(c, state.Env);
            foreach (var listener in ContainerListeners.For(c, argv, name => commands.Find(name) is not null)) yield return (c.Name, listener);
        }
    }
}
