using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Simulation;

/// <summary>
/// The simulated cluster: how many nodes, their networks, and the kubelet's timings. Node k
/// (1-based) gets InternalIP = NodeCidr's network + k + 1 and podCIDR = the k-th /24 of ClusterCidr.
/// </summary>
public sealed class ClusterOptions
{
    public static readonly ServerOption NodesOption = new("Nodes", "--nodes");
    public static readonly ServerOption NodeCidrOption = new("NodeCidr", "--node-cidr");
    public static readonly ServerOption ClusterCidrOption = new("ClusterCidr", "--cluster-cidr");
    public static readonly ServerOption PodStartDelayOption = new("PodStartDelay", "--pod-start-delay");
    public static readonly ServerOption PodTerminationDelayOption = new("PodTerminationDelay", "--pod-termination-delay");
    public static readonly ServerOption NodeHeartbeatIntervalOption = new("NodeHeartbeatInterval", "--node-heartbeat-interval");
    public static readonly ServerOption CrashBackoffOption = new("CrashBackoff", "--crash-backoff");

    public static IReadOnlyList<ServerOption> All { get; } =
        [NodesOption, NodeCidrOption, ClusterCidrOption, PodStartDelayOption, PodTerminationDelayOption, NodeHeartbeatIntervalOption, CrashBackoffOption];

    public int Nodes { get; set; } = 3;
    public string NodeCidr { get; set; } = "172.18.0.0/16";
    public string ClusterCidr { get; set; } = "10.244.0.0/16";

    /// <summary>Time from a pod's binding to its containers running (per pod: mockapi.dev/start-delay).</summary>
    public TimeSpan PodStartDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long a deleted pod stays Terminating before the kubelet removes it (capped by its grace period).</summary>
    public TimeSpan PodTerminationDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the simulated kubelet refreshes its node's Ready heartbeat.</summary>
    public TimeSpan NodeHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first CrashLoopBackOff delay; it doubles per restart up to 5 minutes, as the kubelet's.</summary>
    public TimeSpan CrashBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public ServiceCidr ParseNodeCidr() => ParseCidr(NodeCidr, NodeCidrOption.Switch, maxPrefix: 30);

    public ServiceCidr ParseClusterCidr() => ParseCidr(ClusterCidr, ClusterCidrOption.Switch, maxPrefix: 24);

    /// <summary>How many nodes the CIDRs have room for (node k uses index k, so index 0 is never used).</summary>
    public long MaxNodes => Math.Min(ParseNodeCidr().Size - 3, (1L << (24 - ParseClusterCidr().Prefix)) - 1);

    /// <summary>Reads the keys that are set; the rest keep their defaults above.</summary>
    /// <exception cref="OptionsException">A value is not a number or a duration.</exception>
    public void Bind(IConfiguration config)
    {
        Nodes = NodesOption.Int(config, Nodes, min: 0, max: 5000);
        NodeCidr = NodeCidrOption.String(config, NodeCidr);
        ClusterCidr = ClusterCidrOption.String(config, ClusterCidr);
        PodStartDelay = PodStartDelayOption.Duration(config, PodStartDelay);
        PodTerminationDelay = PodTerminationDelayOption.Duration(config, PodTerminationDelay);
        NodeHeartbeatInterval = NodeHeartbeatIntervalOption.Duration(config, NodeHeartbeatInterval, positive: true);
        CrashBackoff = CrashBackoffOption.Duration(config, CrashBackoff, positive: true);
    }

    /// <summary>Checks the CIDRs and that the nodes fit them, so a bad value stops the server before it serves.</summary>
    /// <exception cref="FormatException">A CIDR is malformed or too small.</exception>
    /// <exception cref="OptionsException">The nodes do not fit the CIDRs.</exception>
    public void Validate()
    {
        ParseNodeCidr();
        ParseClusterCidr();
        if (Nodes > MaxNodes)
            throw new OptionsException($"--nodes: {Nodes} nodes do not fit --node-cidr {NodeCidr} and --cluster-cidr {ClusterCidr} (at most {MaxNodes})");
    }

    private static ServiceCidr ParseCidr(string value, string option, int maxPrefix)
    {
        var slash = value.IndexOf('/');
        if (slash < 0 || !int.TryParse(value[(slash + 1)..], out var prefix) || ServiceCidr.ToValue(value[..slash]) is not { } address || prefix is < 1 or > 32)
            throw new FormatException($"{option}: \"{value}\" is not an IPv4 CIDR like 10.244.0.0/16");
        if (prefix > maxPrefix) throw new FormatException($"{option}: \"{value}\" is too small (the prefix must be /{maxPrefix} or shorter)");
        return new ServiceCidr(address & (uint.MaxValue << (32 - prefix)), prefix);
    }

    /// <summary>Node k's InternalIP (k ≥ 1): the network's address + k + 1, as kind numbers its containers.</summary>
    public string NodeAddress(int k) => ServiceCidr.ToAddress(ParseNodeCidr().Network + (uint)k + 1).ToString();

    /// <summary>Node k's pod CIDR: the k-th /24 of the cluster CIDR.</summary>
    public string NodePodCidr(int k) => $"{ServiceCidr.ToAddress(ParseClusterCidr().Network + ((uint)k << 8))}/24";
}
