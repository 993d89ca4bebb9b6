using MockApiServer.Hosting;
using MockApiServer.Machinery;
using MockApiServer.Networking;

namespace MockApiServer.Simulation;

/// <summary>
/// The simulated cluster: how many nodes, their networks, and the kubelet's timings. Node k
/// (1-based) gets InternalIP = NodeCidr's network + k + 1 and podCIDR = the k-th /24 of ClusterCidr.
/// </summary>
public sealed class ClusterOptions
{
    public int Nodes { get; init; } = 3;
    public string NodeCidr { get; init; } = "172.18.0.0/16";
    public string ClusterCidr { get; init; } = "10.244.0.0/16";

    /// <summary>Time from a pod's binding to its containers running (per pod: mockapi.dev/start-delay).</summary>
    public TimeSpan PodStartDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How long a deleted pod stays Terminating before the kubelet removes it (capped by its grace period).</summary>
    public TimeSpan PodTerminationDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the simulated kubelet refreshes its node's Ready heartbeat.</summary>
    public TimeSpan NodeHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first CrashLoopBackOff delay; it doubles per restart up to 5 minutes, as the kubelet's.</summary>
    public TimeSpan CrashBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public ServiceCidr ParseNodeCidr() => ParseCidr(NodeCidr, "--node-cidr", maxPrefix: 30);

    public ServiceCidr ParseClusterCidr() => ParseCidr(ClusterCidr, "--cluster-cidr", maxPrefix: 24);

    /// <summary>How many nodes the CIDRs have room for (node k uses index k, so index 0 is never used).</summary>
    public long MaxNodes => Math.Min(ParseNodeCidr().Size - 3, (1L << (24 - ParseClusterCidr().Prefix)) - 1);

    /// <exception cref="OptionsException">A value is missing or malformed.</exception>
    public static ClusterOptions From(IConfiguration config)
    {
        var options = new ClusterOptions
        {
            Nodes = ServerOptions.Int(config, "Nodes", "--nodes", 3, min: 0, max: 5000),
            NodeCidr = config["NodeCidr"] ?? "172.18.0.0/16",
            ClusterCidr = config["ClusterCidr"] ?? "10.244.0.0/16",
            PodStartDelay = Duration(config, "PodStartDelay", "--pod-start-delay", TimeSpan.Zero),
            PodTerminationDelay = Duration(config, "PodTerminationDelay", "--pod-termination-delay", TimeSpan.FromMilliseconds(500)),
            NodeHeartbeatInterval = Duration(config, "NodeHeartbeatInterval", "--node-heartbeat-interval", TimeSpan.FromSeconds(10), positive: true),
            CrashBackoff = Duration(config, "CrashBackoff", "--crash-backoff", TimeSpan.FromSeconds(10), positive: true),
        };
        try
        {
            options.ParseNodeCidr();
            options.ParseClusterCidr();
        }
        catch (FormatException e)
        {
            throw new OptionsException(e.Message);
        }
        if (options.Nodes > options.MaxNodes)
            throw new OptionsException($"--nodes: {options.Nodes} nodes do not fit --node-cidr {options.NodeCidr} and --cluster-cidr {options.ClusterCidr} (at most {options.MaxNodes})");
        return options;
    }

    private static TimeSpan Duration(IConfiguration config, string key, string option, TimeSpan fallback, bool positive = false)
    {
        var text = config[key];
        if (text is null) return fallback;
        if (!GoDuration.TryParse(text, out var value) || (positive && value <= TimeSpan.Zero))
            throw new OptionsException($"{option}: \"{text}\" is not a {(positive ? "positive " : "")}duration like 500ms, 2s or 1m");
        return value;
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
