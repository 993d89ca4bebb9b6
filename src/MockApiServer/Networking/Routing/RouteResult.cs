namespace MockApiServer.Networking.Routing;

/// <summary>Where a connection ends up, in kube-proxy's terms.</summary>
public enum RouteOutcome
{
    /// <summary>DNATed to an endpoint.</summary>
    Routed,

    /// <summary>No rule captures the destination: it is no service's address and port.</summary>
    NoSuchAddress,

    /// <summary>The service has no usable endpoints: the filter table REJECTs (icmp-port-unreachable).</summary>
    NoEndpoints,

    /// <summary>A Local traffic policy and no usable endpoint on the node: dropped.</summary>
    NoLocalEndpoints,

    /// <summary>Dropped by KUBE-PROXY-FIREWALL: the source is outside loadBalancerSourceRanges.</summary>
    Firewalled,

    /// <summary>Headless or ExternalName: kube-proxy writes no rules for it.</summary>
    NotProxied,
}

/// <summary>One step of the path: the node whose kube-proxy handles it, a chain, or the DNAT.</summary>
public sealed record RouteHop(string Kind, string Name, string? Table = null, string? Comment = null)
{
    public static RouteHop Node(string name) => new("Node", name);

    public static RouteHop Nat(string chain, string? comment = null) => new("Chain", chain, "nat", comment);

    public static RouteHop Filter(string chain, string? comment = null) => new("Chain", chain, "filter", comment);
}

/// <summary>A candidate endpoint and its chance: the effective one (1/N) and the statistic rule's (1/(N-i)).</summary>
public sealed record RouteCandidate(ProxyEndpoint Endpoint, double Probability, double RuleProbability);

/// <summary>
/// The answer to "where does this connection go?": the frontend matched, the hops through the
/// chains, the candidates and (once chosen) the endpoint — or why it fails.
/// </summary>
public sealed record RouteResult
{
    public required RouteOutcome Outcome { get; init; }
    public Frontend? Frontend { get; init; }

    /// <summary>The node whose rules handle the connection.</summary>
    public string? Node { get; init; }

    public IReadOnlyList<RouteHop> Hops { get; init; } = [];
    public IReadOnlyList<RouteCandidate> Candidates { get; init; } = [];
    public ProxyEndpoint? Chosen { get; init; }

    /// <summary>True when ClientIP affinity picked the endpoint this client used before.</summary>
    public bool Sticky { get; init; }

    public string? Message { get; init; }

    public bool Succeeded => Outcome == RouteOutcome.Routed;
}

/// <summary>
/// Who connects: an IP (pod, node or outside address), the node it is on when known, and
/// whether it is a pod (pods' traffic is never masqueraded and short-circuits Local policies).
/// </summary>
public sealed record RouteSource(string? Ip, string? Node = null, bool IsPod = false);
