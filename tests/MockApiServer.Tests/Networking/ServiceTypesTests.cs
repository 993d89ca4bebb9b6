using k8s.Models;
using MockApiServer.Networking;

namespace MockApiServer.Tests.Networking;

public class ServiceTypesTests
{
    private static V1ServiceSpec Spec(string? clusterIp, params string[] clusterIps) =>
        new() { ClusterIP = clusterIp, ClusterIPs = clusterIps.Length > 0 ? clusterIps : null };

    [Theory]
    [InlineData("None", new string[0], true)]
    [InlineData("None", new[] { "None" }, true)]
    [InlineData("", new[] { "None" }, true)]
    [InlineData(null, new string[0], false)]
    [InlineData("", new string[0], false)]
    [InlineData("10.96.0.5", new[] { "10.96.0.5" }, false)]
    [InlineData("None", new[] { "None", "10.96.0.5" }, false)]
    public void IsHeadless_IsClusterIpsExactlyNone_SyncedFromClusterIp(string? clusterIp, string[] clusterIps, bool headless) =>
        Assert.Equal(headless, ServiceTypes.IsHeadless(Spec(clusterIp, clusterIps)));

    [Theory]
    [InlineData("10.96.0.5", true)]
    [InlineData("None", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsServiceIpSet_IsFalseForHeadlessAndForNoClusterIp(string? clusterIp, bool set) =>
        Assert.Equal(set, ServiceTypes.IsServiceIpSet(Spec(clusterIp)));
}
