namespace MockApiServer.Networking;

/// <summary>
/// The apiserver's service networking switches. Values are kept as given on the command line;
/// the Parse methods turn them into ranges or throw a one-line error naming the switch.
/// </summary>
public sealed class NetworkingOptions
{
    public const string ClusterIpRangeSwitch = "--service-cluster-ip-range";
    public const string NodePortRangeSwitch = "--service-node-port-range";

    /// <summary>kubeadm's default; kube-apiserver's own built-in one (10.0.0.0/24) is deprecated.</summary>
    public string ServiceClusterIpRange { get; set; } = "10.96.0.0/12";

    public string ServiceNodePortRange { get; set; } = "30000-32767";

    public ServiceCidr ParseServiceClusterIpRange() => ServiceCidr.Parse(ServiceClusterIpRange, ClusterIpRangeSwitch);

    public PortRange ParseServiceNodePortRange() => PortRange.Parse(ServiceNodePortRange, NodePortRangeSwitch);

    /// <summary>Checks both switches at startup, so a bad value stops the server before it serves.</summary>
    public void Validate()
    {
        ParseServiceClusterIpRange();
        ParseServiceNodePortRange();
    }
}
