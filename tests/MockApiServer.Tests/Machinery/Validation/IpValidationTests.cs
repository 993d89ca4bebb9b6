using MockApiServer.Machinery.Validation;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery.Validation;

public class IpValidationTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void ValidateIp_ValidAddress_HasNoErrors(string ip) => Assert.Empty(IpValidation.ValidateIp(ip, "spec.externalIPs[0]"));

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.1/32")]
    [InlineData("fe80::1%eth0")]
    [InlineData("example.com")]
    [InlineData("")]
    public void ValidateIp_NotAnAddress_ReportsInvalidIpAtPath(string ip) =>
        Assert.Equal([$"spec.externalIPs[1]: Invalid value: \"{ip}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            ValidationErrors.Of(IpValidation.ValidateIp(ip, "spec.externalIPs[1]")));

    [Fact]
    public void ValidateIp_Null_ReportsEmptyValue() =>
        Assert.Equal(["subsets[0].addresses[0].ip: Invalid value: \"\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            ValidationErrors.Of(IpValidation.ValidateIp(null, "subsets[0].addresses[0].ip")));

    [Theory]
    [InlineData("10.244.0.0/16")]
    [InlineData("0.0.0.0/0")]
    [InlineData("fd00:10:244::/64")]
    public void ValidateCidr_ValidCidr_HasNoErrors(string cidr) => Assert.Empty(IpValidation.ValidateCidr(cidr, "spec.podCIDRs[0]"));

    [Theory]
    [InlineData("10.244.0.0")]
    [InlineData("10.244.0.0/33")]
    [InlineData("fd00::/129")]
    [InlineData("10.244.0.0/")]
    [InlineData("10.244.0/16")]
    public void ValidateCidr_InvalidCidr_ReportsInvalidCidrAtPath(string cidr) =>
        Assert.Equal([$"spec.podCIDRs[0]: Invalid value: \"{cidr}\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"],
            ValidationErrors.Of(IpValidation.ValidateCidr(cidr, "spec.podCIDRs[0]")));

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::1")]
    public void ValidateNonSpecialIp_RoutableAddress_HasNoErrors(string ip) => Assert.Empty(IpValidation.ValidateNonSpecialIp(ip, "ip"));

    [Theory]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("::", "may not be unspecified (::)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::ffff:127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.169.254", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.251", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    [InlineData("ff02::1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public void ValidateNonSpecialIp_SpecialAddress_ReportsItsRangeAtPath(string ip, string detail) =>
        Assert.Equal([$"subsets[0].addresses[2].ip: Invalid value: \"{ip}\": {detail}"],
            ValidationErrors.Of(IpValidation.ValidateNonSpecialIp(ip, "subsets[0].addresses[2].ip")));

    [Fact]
    public void ValidateNonSpecialIp_Malformed_ReportsShortInvalidIp() =>
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"10.0.0\": must be a valid IP address"],
            ValidationErrors.Of(IpValidation.ValidateNonSpecialIp("10.0.0", "endpoints[0].addresses[0]")));
}
