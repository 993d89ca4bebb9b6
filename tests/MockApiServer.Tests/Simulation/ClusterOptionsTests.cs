using Microsoft.Extensions.Configuration;
using MockApiServer.Hosting;
using MockApiServer.Simulation;

namespace MockApiServer.Tests.Simulation;

public sealed class ClusterOptionsTests
{
    private static ClusterOptions From(params (string Key, string Value)[] settings) =>
        ClusterOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Defaults_GiveKindStyleNodeAddressesAndPodCidrs()
    {
        var options = From();

        Assert.Equal(3, options.Nodes);
        Assert.Equal(("172.18.0.2", "10.244.1.0/24"), (options.NodeAddress(1), options.NodePodCidr(1)));
        Assert.Equal(("172.18.0.4", "10.244.3.0/24"), (options.NodeAddress(3), options.NodePodCidr(3)));
    }

    [Fact]
    public void Durations_ParseGoSyntax() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), From(("PodStartDelay", "1s500ms")).PodStartDelay);

    [Theory]
    [InlineData("Nodes", "many", "--nodes: ")]
    [InlineData("Nodes", "300", "--nodes: ")]
    [InlineData("NodeCidr", "172.18.0.0", "--node-cidr: ")]
    [InlineData("ClusterCidr", "10.244.0.0/25", "--cluster-cidr: ")]
    [InlineData("PodTerminationDelay", "soon", "--pod-termination-delay: ")]
    [InlineData("NodeHeartbeatInterval", "0s", "--node-heartbeat-interval: ")]
    public void BadValue_FailsNamingTheOption(string key, string value, string prefix)
    {
        var e = Assert.Throws<OptionsException>(() => From((key, value)));

        Assert.StartsWith(prefix, e.Message);
    }
}
