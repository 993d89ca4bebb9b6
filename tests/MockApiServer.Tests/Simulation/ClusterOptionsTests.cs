using MockApiServer.Simulation;
using MockApiServer.Tests.Hosting;

namespace MockApiServer.Tests.Simulation;

public sealed class ClusterOptionsTests
{
    [Fact]
    public void Defaults_GiveKindStyleNodeAddressesAndPodCidrs()
    {
        var options = ConfiguredOptions.Get<ClusterOptions>();

        Assert.Equal(3, options.Nodes);
        Assert.Equal(("172.18.0.2", "10.244.1.0/24"), (options.NodeAddress(1), options.NodePodCidr(1)));
        Assert.Equal(("172.18.0.4", "10.244.3.0/24"), (options.NodeAddress(3), options.NodePodCidr(3)));
    }

    [Fact]
    public void Durations_ParseGoSyntax() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ConfiguredOptions.Get<ClusterOptions>(("PodStartDelay", "1s500ms")).PodStartDelay);

    [Fact]
    public void ClusterCidrSwitch_MapsToItsKey() =>
        Assert.Equal("10.200.0.0/16", ConfiguredOptions.Get<ClusterOptions>(ConfiguredOptions.CommandLine("--cluster-cidr", "10.200.0.0/16")).ClusterCidr);

    [Theory]
    [InlineData("Nodes", "many", "--nodes: \"many\" is not a whole number between 0 and 5000")]
    [InlineData("Nodes", "300", "--nodes: 300 nodes do not fit --node-cidr 172.18.0.0/16 and --cluster-cidr 10.244.0.0/16 (at most 255)")]
    [InlineData("NodeCidr", "172.18.0.0", "--node-cidr: ")]
    [InlineData("ClusterCidr", "10.244.0.0/25", "--cluster-cidr: ")]
    [InlineData("PodTerminationDelay", "soon", "--pod-termination-delay: ")]
    [InlineData("NodeHeartbeatInterval", "0s", "--node-heartbeat-interval: \"0s\" is not a positive duration like 500ms, 2s or 1m")]
    public void BadValue_FailsNamingTheOption(string key, string value, string prefix) =>
        Assert.StartsWith(prefix, ConfiguredOptions.StartFailure<ClusterOptions>((key, value)));
}
