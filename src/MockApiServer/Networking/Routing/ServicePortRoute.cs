namespace MockApiServer.Networking.Routing;

/// <summary>
/// Everything kube-proxy knows about one service port (pkg/proxy/serviceport.go): its
/// frontends, policies and endpoints (all of them, in kube-proxy's order), with the chain names.
/// </summary>
public sealed class ServicePortRoute
{
    public required ServicePortName Name { get; init; }

    /// <summary>"TCP", "UDP" or "SCTP".</summary>
    public required string Protocol { get; init; }

    public required string ClusterIp { get; init; }
    public required int Port { get; init; }

    /// <summary>0 when the service has no node port for this port.</summary>
    public int NodePort { get; init; }

    public IReadOnlyList<string> ExternalIps { get; init; } = [];

    /// <summary>VIP-mode load-balancer ingress IPs (Proxy-mode ones get no rules).</summary>
    public IReadOnlyList<string> LoadBalancerIps { get; init; } = [];

    public IReadOnlyList<string> LoadBalancerSourceRanges { get; init; } = [];

    /// <summary>ClientIP affinity timeout in seconds; null without session affinity.</summary>
    public int? AffinitySeconds { get; init; }

    public bool ExternalPolicyLocal { get; init; }
    public bool InternalPolicyLocal { get; init; }
    public int HealthCheckNodePort { get; init; }

    public required IReadOnlyList<ProxyEndpoint> Endpoints { get; init; }

    public string Lower => Protocol.ToLowerInvariant();
    public string ServiceChain => "KUBE-SVC-" + Hash;
    public string LocalChain => "KUBE-SVL-" + Hash;
    public string ExternalChain => "KUBE-EXT-" + Hash;
    public string FirewallChain => "KUBE-FW-" + Hash;

    /// <summary>The suffix SVC, SVL, EXT and FW share, hashed on first use.</summary>
    private string Hash => _hash ??= ChainNames.PortProtoHash(Name, Protocol);

    /// <summary>True when traffic from outside can reach it: a node port, external IPs or LB IPs.</summary>
    public bool ExternallyReachable => NodePort != 0 || ExternalIps.Count > 0 || LoadBalancerIps.Count > 0;

    /// <summary>Usable endpoints cluster-wide (ready, else serving and terminating).</summary>
    public IReadOnlyList<ProxyEndpoint> ClusterEndpoints => _cluster ??= EndpointSelection.Usable(Endpoints);

    public IReadOnlyList<ProxyEndpoint> LocalEndpoints(string? node) => EndpointSelection.Local(Endpoints, node);

    /// <summary>The endpoints clusterIP traffic processed on <paramref name="node"/> may reach (internalTrafficPolicy).</summary>
    public IReadOnlyList<ProxyEndpoint> InternalEndpoints(string? node) => InternalPolicyLocal ? LocalEndpoints(node) : ClusterEndpoints;

    /// <summary>The endpoints external traffic arriving at <paramref name="node"/> may reach (externalTrafficPolicy).</summary>
    public IReadOnlyList<ProxyEndpoint> ExternalEndpoints(string? node) => ExternalPolicyLocal ? LocalEndpoints(node) : ClusterEndpoints;

    private IReadOnlyList<ProxyEndpoint>? _cluster;
    private string? _hash;
}
