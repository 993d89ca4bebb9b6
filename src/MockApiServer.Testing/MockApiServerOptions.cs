namespace MockApiServer.Testing;

/// <summary>
/// How a <see cref="MockApiServerFixture"/> starts its server. Each property maps to one server
/// option (the README's table); anything not covered here goes through <see cref="Settings"/>.
/// </summary>
public sealed class MockApiServerOptions
{
    /// <summary>How many simulated nodes to seed (<c>--nodes</c>); the server's default is 3.</summary>
    public int? Nodes { get; init; }

    /// <summary>The ClusterIP range (<c>--service-cluster-ip-range</c>), e.g. <c>10.96.0.0/12</c>.</summary>
    public string? ServiceClusterIpRange { get; init; }

    /// <summary>The NodePort range (<c>--service-node-port-range</c>), e.g. <c>30000-32767</c>.</summary>
    public string? ServiceNodePortRange { get; init; }

    /// <summary>The LoadBalancer ingress IPs (<c>--load-balancer-ip-range</c>), e.g. <c>172.18.255.200-172.18.255.250</c>.</summary>
    public string? LoadBalancerIpRange { get; init; }

    /// <summary>A manifest file or folder applied at start (<c>--manifests</c>); kept by <see cref="MockApiServerFixture.ResetAsync"/>.</summary>
    public string? Manifests { get; init; }

    /// <summary>
    /// The server's clock: creation timestamps, pod start and termination delays, heartbeats,
    /// crash back-off. Pass a FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing) to
    /// drive time from the test; <c>null</c> keeps the system clock.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// The bearer token <see cref="MockApiServerFixture.Client"/> sends, for a server started with a
    /// token file (<c>Settings["TokenAuthFile"]</c>, <c>--token-auth-file</c>) that lists it.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>The cluster DNS socket's UDP/TCP port (<c>--dns-port</c>); 0, the default, keeps it closed so fixtures can run side by side.</summary>
    public int DnsPort { get; init; }

    /// <summary>
    /// Also listen on a real socket, a free port on 127.0.0.1, for tools that need a URL (kubectl,
    /// a browser, a client in another language); <see cref="MockApiServerFixture.BaseAddress"/>
    /// tells it and <see cref="MockApiServerFixture.Client"/> talks to it there. Off by default:
    /// the in-memory server needs no port.
    /// </summary>
    public bool ListenOnLoopback { get; init; }

    /// <summary>Any other server option by configuration key, e.g. <c>["PodStartDelay"] = "2s"</c>; wins over the properties above.</summary>
    public IDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal IEnumerable<KeyValuePair<string, string>> ToSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["DnsPort"] = DnsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (Nodes is { } nodes) settings["Nodes"] = nodes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (ServiceClusterIpRange is not null) settings["ServiceClusterIpRange"] = ServiceClusterIpRange;
        if (ServiceNodePortRange is not null) settings["ServiceNodePortRange"] = ServiceNodePortRange;
        if (LoadBalancerIpRange is not null) settings["LoadBalancerIpRange"] = LoadBalancerIpRange;
        if (Manifests is not null) settings["Manifests"] = Path.GetFullPath(Manifests);
        foreach (var (key, value) in Settings) settings[key] = value;
        return settings;
    }
}
