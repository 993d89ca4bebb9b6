using k8s.Models;
using MockApiServer.Resources.Endpoints;

namespace MockApiServer.Tests.Resources.Endpoints;

public class EndpointsTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly EndpointsTable _table = new();

    private static V1Endpoints Endpoints(params V1EndpointSubset[] subsets) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", CreationTimestamp = Now.AddMinutes(-17) },
        Subsets = subsets,
    };

    private static V1EndpointSubset Subset(string[] ips, params int[] ports) => new()
    {
        Addresses = ips.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
        Ports = ports.Select(port => new Corev1EndpointPort { Port = port, Protocol = "TCP" }).ToList(),
    };

    private string EndpointsCell(V1Endpoints endpoints) => (string)_table.Cells(endpoints, Now)[1]!;

    [Fact]
    public void Columns_AreNameEndpointsAge()
    {
        Assert.Equal(["Name", "Endpoints", "Age"], _table.Columns.Select(c => c.Name));
        Assert.All(_table.Columns, c => Assert.Equal(0, c.Priority));
    }

    [Fact]
    public void Cells_TwoReadyAddresses_ListsHostPortPairs() =>
        Assert.Equal<object?>(["web", "10.244.1.5:5000,10.244.2.3:5000", "17m"],
            _table.Cells(Endpoints(Subset(["10.244.1.5", "10.244.2.3"], 5000)), Now));

    [Fact]
    public void Cells_MoreThanThreePairs_ShowsThreeAndCountsTheRest() =>
        Assert.Equal("10.244.1.5:8080,10.244.1.6:8080,10.244.2.7:8080 + 2 more...",
            EndpointsCell(Endpoints(Subset(["10.244.1.5", "10.244.1.6", "10.244.2.7", "10.244.2.8", "10.244.3.9"], 8080))));

    [Fact]
    public void Cells_ExactlyThreePairs_HasNoMoreSuffix() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80",
            EndpointsCell(Endpoints(Subset(["10.0.0.1", "10.0.0.2", "10.0.0.3"], 80))));

    [Fact]
    public void Cells_SeveralPorts_ListEveryAddressForThePortBeforeTheNextPort() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...",
            EndpointsCell(Endpoints(Subset(["10.0.0.1", "10.0.0.2"], 80, 443))));

    [Fact]
    public void Cells_SeveralSubsets_CountPairsAcrossAllSubsets() =>
        Assert.Equal("10.0.0.1:80,10.0.1.1:8080,10.0.1.2:8080 + 3 more...",
            EndpointsCell(Endpoints(Subset(["10.0.0.1"], 80), Subset(["10.0.1.1", "10.0.1.2"], 8080, 9090), Subset(["10.0.2.1"], 53))));

    [Fact]
    public void Cells_PortlessSubset_ListsBareIPs() =>
        Assert.Equal("10.0.0.1,10.0.0.2", EndpointsCell(Endpoints(Subset(["10.0.0.1", "10.0.0.2"]))));

    [Fact]
    public void Cells_IPv6Address_IsBracketed() =>
        Assert.Equal("[fd00::1]:80", EndpointsCell(Endpoints(Subset(["fd00::1"], 80))));

    [Fact]
    public void Cells_NotReadyAddresses_AreNeverShown()
    {
        var subset = Subset(["10.0.0.1"], 80);
        subset.NotReadyAddresses = [new V1EndpointAddress { Ip = "10.0.0.9" }];

        Assert.Equal("10.0.0.1:80", EndpointsCell(Endpoints(subset)));
    }

    [Fact]
    public void Cells_NoSubsets_IsNone() =>
        Assert.Equal("<none>", EndpointsCell(Endpoints()));

    [Fact]
    public void Cells_SubsetsWithOnlyNotReadyAddresses_IsEmptyLikeKubernetes()
    {
        var subset = Subset([], 80);
        subset.NotReadyAddresses = [new V1EndpointAddress { Ip = "10.0.0.9" }];

        Assert.Equal("", EndpointsCell(Endpoints(subset)));
    }
}
