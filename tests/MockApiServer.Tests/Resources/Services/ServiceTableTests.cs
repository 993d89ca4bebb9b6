using k8s.Models;
using MockApiServer.Resources.Services;

namespace MockApiServer.Tests.Resources.Services;

public class ServiceTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly ServiceTable _table = new();

    private static V1Service Service(string name, string type, string[]? clusterIPs, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = Now.AddSeconds(-52) },
        Spec = new V1ServiceSpec { Type = type, ClusterIPs = clusterIPs, ClusterIP = clusterIPs?[0], Ports = ports },
    };

    private static V1ServicePort Port(int port, string protocol = "TCP", int? nodePort = null) =>
        new() { Port = port, Protocol = protocol, NodePort = nodePort };

    [Fact]
    public void Columns_MatchKubeApiserverServiceColumns()
    {
        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], _table.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], _table.Columns.Select(c => c.Priority));
        Assert.All(_table.Columns, c => Assert.Equal("string", c.Type));
        Assert.Equal("name", _table.Columns[0].Format);
        Assert.StartsWith("externalIPs is a list of IP addresses", _table.Columns[3].Description);
    }

    [Fact]
    public void Cells_ClusterIPService_PrintsPortProtocolAndNoExternalIP()
    {
        var svc = Service("kubernetes", "ClusterIP", ["10.96.0.1"], Port(443));
        svc.Spec.Selector = new Dictionary<string, string>();

        Assert.Equal<object?>(["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "52s", "<none>"], _table.Cells(svc, Now));
    }

    [Fact]
    public void Cells_NodePortService_PrintsPortColonNodePort()
    {
        var svc = Service("web", "NodePort", ["10.96.45.17"], Port(80, nodePort: 30080));

        Assert.Equal("80:30080/TCP", _table.Cells(svc, Now)[4]);
        Assert.Equal("<none>", _table.Cells(svc, Now)[3]);
    }

    [Fact]
    public void Cells_SeveralPorts_AreCommaJoinedWithoutSpaces()
    {
        var svc = Service("dns", "NodePort", ["10.96.0.10"], Port(53, "UDP", 30053), Port(53, "TCP", 30053));

        Assert.Equal("53:30053/UDP,53:30053/TCP", _table.Cells(svc, Now)[4]);
    }

    [Fact]
    public void Cells_LoadBalancerWithoutIngress_IsPending()
    {
        var svc = Service("lb", "LoadBalancer", ["10.109.124.25"], Port(80, nodePort: 30606));

        Assert.Equal<object?>(["lb", "LoadBalancer", "10.109.124.25", "<pending>", "80:30606/TCP"], _table.Cells(svc, Now).Take(5));
    }

    [Fact]
    public void Cells_LoadBalancerIngress_IsDeduplicatedSortedUnclippedThenExternalIPs()
    {
        var svc = Service("lb", "LoadBalancer", ["10.109.124.25"], Port(80, nodePort: 30606));
        svc.Spec.ExternalIPs = ["198.51.100.7"];
        svc.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus
            {
                Ingress =
                [
                    new V1LoadBalancerIngress { Ip = "203.0.113.20" },
                    new V1LoadBalancerIngress { Hostname = "lb.example.com" },
                    new V1LoadBalancerIngress { Ip = "203.0.113.10", Hostname = "ignored.example.com" },
                    new V1LoadBalancerIngress { Ip = "203.0.113.20" },
                ],
            },
        };

        Assert.Equal("203.0.113.10,203.0.113.20,lb.example.com,198.51.100.7", _table.Cells(svc, Now)[3]);
    }

    [Fact]
    public void Cells_HeadlessService_ShowsNone()
    {
        var svc = Service("db", "ClusterIP", ["None"], Port(5432));

        Assert.Equal<object?>(["db", "ClusterIP", "None", "<none>", "5432/TCP"], _table.Cells(svc, Now).Take(5));
    }

    [Fact]
    public void Cells_ExternalNameService_ShowsExternalNameAndNoClusterIPOrPorts()
    {
        var svc = Service("ext", "ExternalName", null);
        svc.Spec.ExternalName = "db.example.com";

        Assert.Equal<object?>(["ext", "ExternalName", "<none>", "db.example.com", "<none>"], _table.Cells(svc, Now).Take(5));
    }

    [Fact]
    public void Cells_ClusterIPWithExternalIPs_JoinsThem()
    {
        var svc = Service("web", "ClusterIP", ["10.96.1.1"], Port(80));
        svc.Spec.ExternalIPs = ["192.0.2.1", "192.0.2.2"];

        Assert.Equal("192.0.2.1,192.0.2.2", _table.Cells(svc, Now)[3]);
    }

    [Fact]
    public void Cells_Selector_IsSortedByKeyAndCommaJoined()
    {
        var svc = Service("web", "ClusterIP", ["10.96.1.1"], Port(80));
        svc.Spec.Selector = new Dictionary<string, string> { ["tier"] = "web", ["app"] = "frontend" };

        Assert.Equal("app=frontend,tier=web", _table.Cells(svc, Now)[6]);
    }
}
