using MockApiServer.Networking;

namespace MockApiServer.Tests.Networking;

public class NetworkingOptionsTests
{
    [Fact]
    public void Defaults_ParseToKubeadmRanges()
    {
        var options = new NetworkingOptions();

        Assert.Equal("10.96.0.0/12", options.ParseServiceClusterIpRange().ToString());
        Assert.Equal(new PortRange(30000, 2768), options.ParseServiceNodePortRange());
    }

    [Fact]
    public void ClusterIpRange_HostBitsAreMasked() =>
        Assert.Equal("10.96.0.0/12", new NetworkingOptions { ServiceClusterIpRange = "10.100.1.2/12" }.ParseServiceClusterIpRange().ToString());

    [Theory]
    [InlineData("nonsense")]
    [InlineData("10.0.0.0/30")]
    [InlineData("fd00::/108")]
    [InlineData("10.96.0.0/12,fd00::/108")]
    public void ClusterIpRange_Invalid_ThrowsNamingTheSwitch(string value)
    {
        var e = Assert.Throws<FormatException>(() => new NetworkingOptions { ServiceClusterIpRange = value }.Validate());

        Assert.StartsWith("--service-cluster-ip-range: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("32767-30000")]
    [InlineData("0-100")]
    [InlineData("30000-70000")]
    public void NodePortRange_Invalid_ThrowsNamingTheSwitch(string value)
    {
        var e = Assert.Throws<FormatException>(() => new NetworkingOptions { ServiceNodePortRange = value }.Validate());

        Assert.StartsWith("--service-node-port-range: ", e.Message);
    }
}
