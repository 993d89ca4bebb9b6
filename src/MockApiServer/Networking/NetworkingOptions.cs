namespace MockApiServer.Networking;

/// <summary>
/// The apiserver's service networking switches. Values are kept as given on the command line;
/// the Parse methods turn them into ranges or throw a one-line error naming the switch.
/// </summary>
public sealed class NetworkingOptions
{
    public const string ClusterIpRangeSwitch = "--service-cluster-ip-range";
    public const string NodePortRangeSwitch = "--service-node-port-range";
    public const string LoadBalancerIpRangeSwitch = "--load-balancer-ip-range";
    public const string LoadBalancerClassSwitch = "--load-balancer-class";
    public const string RepairIntervalSwitch = "--repair-services-interval";

    public static readonly Machinery.ServerOption ClusterIpRangeOption = new("ServiceClusterIpRange", ClusterIpRangeSwitch);
    public static readonly Machinery.ServerOption NodePortRangeOption = new("ServiceNodePortRange", NodePortRangeSwitch);
    public static readonly Machinery.ServerOption LoadBalancerIpRangeOption = new("LoadBalancerIpRange", LoadBalancerIpRangeSwitch);
    public static readonly Machinery.ServerOption LoadBalancerClassOption = new("LoadBalancerClass", LoadBalancerClassSwitch);
    public static readonly Machinery.ServerOption RepairIntervalOption = new("RepairServicesInterval", RepairIntervalSwitch);
    public static readonly Machinery.ServerOption PublishNodePortsOption = new("PublishNodePorts", "--publish-node-ports");

    public static IReadOnlyList<Machinery.ServerOption> All { get; } =
        [ClusterIpRangeOption, NodePortRangeOption, LoadBalancerIpRangeOption, LoadBalancerClassOption, RepairIntervalOption, PublishNodePortsOption];

    /// <summary>kubeadm's default; kube-apiserver's own built-in one (10.0.0.0/24) is deprecated.</summary>
    public string ServiceClusterIpRange { get; set; } = "10.96.0.0/12";

    public string ServiceNodePortRange { get; set; } = "30000-32767";

    /// <summary>The load-balancer pool: the top of kind's docker network, as MetalLB's kind guide suggests.</summary>
    public string LoadBalancerIpRange { get; set; } = "172.18.255.200-172.18.255.250";

    /// <summary>The loadBalancerClass the built-in load balancer serves besides class-less services; null for none.</summary>
    public string? LoadBalancerClass { get; set; }

    /// <summary>Seconds between allocation repair passes (kube-apiserver's RepairServicesInterval, 3 minutes).</summary>
    public int RepairIntervalSeconds { get; set; } = 180;

    /// <summary>Whether every allocated NodePort gets a real listener on 127.0.0.1 (a flag: <c>--publish-node-ports</c> alone means true).</summary>
    public bool PublishNodePorts { get; set; }

    public ServiceCidr ParseServiceClusterIpRange() => ServiceCidr.Parse(ServiceClusterIpRange, ClusterIpRangeSwitch);

    public PortRange ParseServiceNodePortRange() => PortRange.Parse(ServiceNodePortRange, NodePortRangeSwitch);

    public LoadBalancerIpRange ParseLoadBalancerIpRange() => Networking.LoadBalancerIpRange.Parse(LoadBalancerIpRange, LoadBalancerIpRangeSwitch);

    /// <summary>Reads the keys that are set; the rest keep their defaults above. An empty class means none.</summary>
    /// <exception cref="Machinery.OptionsException">The repair interval is not a whole number of seconds.</exception>
    public void Bind(IConfiguration config)
    {
        ServiceClusterIpRange = ClusterIpRangeOption.String(config, ServiceClusterIpRange);
        ServiceNodePortRange = NodePortRangeOption.String(config, ServiceNodePortRange);
        LoadBalancerIpRange = LoadBalancerIpRangeOption.String(config, LoadBalancerIpRange);
        if (LoadBalancerClassOption.Text(config) is { } lbClass) LoadBalancerClass = lbClass.Length == 0 ? null : lbClass;
        RepairIntervalSeconds = RepairIntervalOption.Int(config, RepairIntervalSeconds, min: 1);
        PublishNodePorts = PublishNodePortsOption.Bool(config, PublishNodePorts);
    }

    /// <summary>Checks the switches at startup, so a bad value stops the server before it serves.</summary>
    public void Validate()
    {
        ParseServiceClusterIpRange();
        ParseServiceNodePortRange();
        ParseLoadBalancerIpRange();
        if (LoadBalancerClass is { } lbClass && Machinery.Validation.NameValidation.IsQualifiedName(lbClass) is [var error, ..])
            throw new FormatException($"{LoadBalancerClassSwitch}: \"{lbClass}\" is not a qualified name: {error}");
    }
}
