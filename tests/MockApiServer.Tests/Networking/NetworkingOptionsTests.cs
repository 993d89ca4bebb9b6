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

    [Theory]
    [InlineData("172.18.255.200-172.18.255.250", "172.18.255.200-172.18.255.250", 51)]
    [InlineData("172.18.255.192/27", "172.18.255.192-172.18.255.223", 32)]
    [InlineData(" 10.0.0.5 - 10.0.0.5 ", "10.0.0.5-10.0.0.5", 1)]
    public void LoadBalancerIpRange_AcceptsRangesAndCidrs(string value, string expected, long size)
    {
        var range = new NetworkingOptions { LoadBalancerIpRange = value }.ParseLoadBalancerIpRange();

        Assert.Equal(expected, range.ToString());
        Assert.Equal(size, range.Size);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("172.18.255.250-172.18.255.200")]
    [InlineData("fd00::1-fd00::9")]
    [InlineData("10.0.0.0/33")]
    public void LoadBalancerIpRange_Invalid_ThrowsNamingTheSwitch(string value)
    {
        var e = Assert.Throws<FormatException>(() => new NetworkingOptions { LoadBalancerIpRange = value }.Validate());

        Assert.StartsWith("--load-balancer-ip-range: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LoadBalancerClass_NotAQualifiedName_ThrowsNamingTheSwitch()
    {
        var e = Assert.Throws<FormatException>(() => new NetworkingOptions { LoadBalancerClass = "not a class" }.Validate());

        Assert.StartsWith("--load-balancer-class: \"not a class\" is not a qualified name: ", e.Message);
    }
}
