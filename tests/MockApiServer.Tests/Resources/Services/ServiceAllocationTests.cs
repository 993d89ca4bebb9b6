using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Resources.Services;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Services;

public class ServiceAllocationTests
{
    private readonly ServiceAllocation _allocation = ServiceAllocation.From(new NetworkingOptions(), new RandomSource(3));
    private readonly FakeWriteTransaction _tx = new();

    private static V1Service Service(string name, string type = "ClusterIP", params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1ServiceSpec
        {
            Type = type,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = ports.Length > 0 ? ports.ToList() : [Port(80)],
            AllocateLoadBalancerNodePorts = type == "LoadBalancer" ? true : null,
        },
    };

    private static V1ServicePort Port(int port, string protocol = "TCP", int? nodePort = null, string? name = null) =>
        new() { Port = port, Protocol = protocol, NodePort = nodePort, Name = name ?? $"p{port}-{protocol.ToLowerInvariant()}" };

    private V1Service Create(V1Service service)
    {
        ServiceAllocation.PrepareForCreate(service);
        _allocation.AllocateCreate(_tx, service);
        return service;
    }

    private V1Service Update(V1Service service, V1Service old)
    {
        ServiceAllocation.PrepareForUpdate(service, old);
        var errors = ServiceAllocation.ValidateUpdate(service, old);
        if (errors.Count > 0) throw StatusErrors.Invalid("", "Service", service.Metadata.Name, errors);
        _allocation.AllocateUpdate(_tx, service, old);
        return service;
    }

    private static V1Service Copy(V1Service service) => KubeJson.Clone(service);

    private static ApiException Fails(Action act) => Assert.Throws<ApiException>(act);

    private bool PortTaken(int port) => _allocation.NodePorts.IsAllocated(_tx, port);

    [Fact]
    public void Create_ClusterIP_AllocatesFromDynamicBandAndDefaultsFamilies()
    {
        var svc = Create(Service("web"));

        Assert.Equal(svc.Spec.ClusterIP, Assert.Single(svc.Spec.ClusterIPs));
        Assert.True(_allocation.ClusterIps.IsAllocated(_tx, svc.Spec.ClusterIP));
        Assert.InRange(ServiceCidr.ToValue(svc.Spec.ClusterIP)!.Value, ServiceCidr.ToValue("10.96.1.1")!.Value, ServiceCidr.ToValue("10.111.255.254")!.Value);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Create_WithOnlyClusterIP_SyncsClusterIPs()
    {
        var svc = Service("dns");
        svc.Spec.ClusterIP = "10.96.0.10";

        Create(svc);

        Assert.Equal(["10.96.0.10"], svc.Spec.ClusterIPs);
    }

    [Fact]
    public void Create_WithTakenClusterIP_ReturnsInvalidAtClusterIPs()
    {
        var first = Service("a");
        first.Spec.ClusterIP = "10.96.0.50";
        Create(first);
        var second = Service("b");
        second.Spec.ClusterIP = "10.96.0.50";

        var e = Fails(() => Create(second));

        Assert.Equal(422, e.Code);
        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is already allocated", e.Message);
        Assert.Equal("spec.clusterIPs", Assert.Single(e.Status.Details.Causes).Field);
    }

    [Fact]
    public void Create_WithOutOfRangeClusterIP_ReturnsInvalidWithRange()
    {
        var svc = Service("b");
        svc.Spec.ClusterIP = "1.1.1.1";

        var e = Fails(() => Create(svc));

        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"1.1.1.1\"}: failed to allocate IP 1.1.1.1: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12", e.Message);
    }

    [Fact]
    public void Create_WhenRangeFull_ReturnsInternalError()
    {
        var allocation = ServiceAllocation.From(new NetworkingOptions { ServiceClusterIpRange = "10.0.0.0/29" }, new RandomSource(1));
        for (var i = 0; i < 5; i++)
        {
            var svc = Service($"s{i}");
            ServiceAllocation.PrepareForCreate(svc);
            allocation.AllocateCreate(_tx, svc);
        }
        var last = Service("last");
        ServiceAllocation.PrepareForCreate(last);

        var e = Fails(() => allocation.AllocateCreate(_tx, last));

        Assert.Equal(500, e.Code);
        Assert.Equal("Internal error occurred: failed to allocate a serviceIP: range is full", e.Message);
    }

    [Fact]
    public void Create_Headless_AllocatesNothingAndDefaultsSingleStack()
    {
        var svc = Service("db");
        svc.Spec.ClusterIP = "None";

        Create(svc);

        Assert.Equal(["None"], svc.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Empty(_tx.Allocated(_allocation.ClusterIps.RangeKey));
    }

    [Fact]
    public void Create_HeadlessWithoutSelector_DefaultsToRequireDualStack()
    {
        var svc = Service("ext");
        svc.Spec.ClusterIP = "None";
        svc.Spec.Selector = null;

        Create(svc);

        Assert.Equal(["IPv4", "IPv6"], svc.Spec.IpFamilies);
        Assert.Equal("RequireDualStack", svc.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Create_RequireDualStack_ReturnsNotConfigured()
    {
        var svc = Service("web");
        svc.Spec.IpFamilyPolicy = "RequireDualStack";

        var e = Fails(() => Create(svc));

        Assert.Equal("Service \"web\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services", e.Message);
    }

    [Fact]
    public void Create_IPv6Family_ReturnsNotConfigured()
    {
        var svc = Service("web");
        svc.Spec.IpFamilies = ["IPv6"];

        var e = Fails(() => Create(svc));

        Assert.Equal("Service \"web\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster", e.Message);
    }

    [Fact]
    public void Create_ExternalName_GetsNoClusterIPOrFamilies()
    {
        var svc = Service("ext", "ExternalName");

        Create(svc);

        Assert.Null(svc.Spec.ClusterIP);
        Assert.Null(svc.Spec.IpFamilies);
        Assert.Null(svc.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Create_NodePort_AllocatesFromDynamicBand()
    {
        var svc = Create(Service("np", "NodePort", Port(80), Port(443)));

        Assert.All(svc.Spec.Ports, p => Assert.InRange(p.NodePort!.Value, 30086, 32767));
        Assert.NotEqual(svc.Spec.Ports[0].NodePort, svc.Spec.Ports[1].NodePort);
    }

    [Fact]
    public void Create_SamePortDifferentProtocols_ShareOneNodePort()
    {
        var svc = Create(Service("dns", "NodePort", Port(53, "TCP"), Port(53, "UDP")));

        Assert.Equal(svc.Spec.Ports[0].NodePort, svc.Spec.Ports[1].NodePort);
        Assert.Single(_tx.Allocated(_allocation.NodePorts.RangeKey));
    }

    [Fact]
    public void Create_SamePortWithRequestOnSecond_UsesRequestedForBoth()
    {
        var svc = Create(Service("dns", "NodePort", Port(53, "TCP"), Port(53, "UDP", 30053)));

        Assert.Equal([30053, 30053], svc.Spec.Ports.Select(p => p.NodePort!.Value));
    }

    [Fact]
    public void Create_WithTakenNodePort_ReturnsInvalidWithFieldPath()
    {
        Create(Service("a", "NodePort", Port(80, nodePort: 30080)));

        var e = Fails(() => Create(Service("b", "NodePort", Port(81), Port(80, nodePort: 30080))));

        Assert.Equal("Service \"b\" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated", e.Message);
        Assert.Equal("spec.ports[1].nodePort", Assert.Single(e.Status.Details.Causes).Field);
    }

    [Fact]
    public void Create_WithOutOfRangeNodePort_ReturnsInvalid()
    {
        var e = Fails(() => Create(Service("b", "NodePort", Port(80, nodePort: 80))));

        Assert.Equal("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767", e.Message);
    }

    [Fact]
    public void Create_WhenNodePortRangeFull_ReturnsInternalError()
    {
        var allocation = ServiceAllocation.From(new NetworkingOptions { ServiceNodePortRange = "30000-30001" }, new RandomSource(1));
        var svc = Service("np", "NodePort", Port(1), Port(2), Port(3));
        ServiceAllocation.PrepareForCreate(svc);

        var e = Fails(() => allocation.AllocateCreate(_tx, svc));

        Assert.Equal("Internal error occurred: failed to allocate a nodePort: range is full", e.Message);
    }

    [Fact]
    public void Create_LoadBalancerWithLocalPolicy_AllocatesHealthCheckNodePort()
    {
        var svc = Service("lb", "LoadBalancer");
        svc.Spec.ExternalTrafficPolicy = "Local";

        Create(svc);

        Assert.InRange(svc.Spec.HealthCheckNodePort!.Value, 30086, 32767);
        Assert.NotEqual(svc.Spec.Ports[0].NodePort, svc.Spec.HealthCheckNodePort);
        Assert.Equal(2, _tx.Allocated(_allocation.NodePorts.RangeKey).Count);
    }

    [Fact]
    public void Create_LoadBalancerWithoutNodePortAllocation_HonoursOnlyRequests()
    {
        var svc = Service("lb", "LoadBalancer", Port(80), Port(443, nodePort: 30443));
        svc.Spec.AllocateLoadBalancerNodePorts = false;

        Create(svc);

        Assert.Null(svc.Spec.Ports[0].NodePort);
        Assert.Equal(30443, svc.Spec.Ports[1].NodePort);
    }

    [Fact]
    public void Update_OmittingAllocatedValues_KeepsThem()
    {
        var old = Create(Service("np", "NodePort"));

        var updated = Update(Service("np", "NodePort"), old);

        Assert.Equal(old.Spec.ClusterIP, updated.Spec.ClusterIP);
        Assert.Equal(old.Spec.ClusterIPs, updated.Spec.ClusterIPs);
        Assert.Equal(old.Spec.Ports[0].NodePort, updated.Spec.Ports[0].NodePort);
        Assert.Single(_tx.Allocated(_allocation.NodePorts.RangeKey));
    }

    [Fact]
    public void Update_ChangingClusterIP_ReturnsMayNotChange()
    {
        var old = Create(Service("web"));
        var changed = Copy(old);
        changed.Spec.ClusterIP = "10.96.0.77";

        var e = Fails(() => Update(changed, old));

        Assert.Equal("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.77\"}: may not change once set", e.Message);
    }

    [Fact]
    public void Update_ToExternalName_ReleasesClusterIPAndClearsFields()
    {
        var old = Create(Service("web"));
        var changed = Copy(old);
        changed.Spec.Type = "ExternalName";
        changed.Spec.ExternalName = "example.com";

        Update(changed, old);

        Assert.Null(changed.Spec.ClusterIP);
        Assert.Null(changed.Spec.ClusterIPs);
        Assert.Null(changed.Spec.IpFamilies);
        Assert.Null(changed.Spec.IpFamilyPolicy);
        Assert.False(_allocation.ClusterIps.IsAllocated(_tx, old.Spec.ClusterIP));
    }

    [Fact]
    public void Update_FromExternalName_AllocatesClusterIP()
    {
        var old = Create(Service("web", "ExternalName"));
        var changed = Copy(old);
        changed.Spec.Type = "ClusterIP";

        Update(changed, old);

        Assert.True(_allocation.ClusterIps.IsAllocated(_tx, changed.Spec.ClusterIP));
        Assert.Equal(["IPv4"], changed.Spec.IpFamilies);
    }

    [Fact]
    public void Update_ClusterIPToNodePort_AllocatesNodePorts()
    {
        var old = Create(Service("web"));
        var changed = Copy(old);
        changed.Spec.Type = "NodePort";

        Update(changed, old);

        Assert.True(PortTaken(changed.Spec.Ports[0].NodePort!.Value));
    }

    [Fact]
    public void Update_NodePortToClusterIP_ReleasesNodePorts()
    {
        var old = Create(Service("np", "NodePort"));
        var changed = Copy(old);
        changed.Spec.Type = "ClusterIP";

        Update(changed, old);

        Assert.Null(changed.Spec.Ports[0].NodePort);
        Assert.False(PortTaken(old.Spec.Ports[0].NodePort!.Value));
    }

    [Fact]
    public void Update_ChangingRequestedNodePort_ReleasesTheOldOne()
    {
        var old = Create(Service("np", "NodePort", Port(80, nodePort: 30080)));
        var changed = Copy(old);
        changed.Spec.Ports[0].NodePort = 30081;

        Update(changed, old);

        Assert.True(PortTaken(30081));
        Assert.False(PortTaken(30080));
    }

    [Fact]
    public void Update_LoadBalancerWithoutNodePortAllocation_ReleasesOmittedNodePorts()
    {
        var old = Create(Service("lb", "LoadBalancer"));
        var changed = Service("lb", "LoadBalancer");
        changed.Spec.AllocateLoadBalancerNodePorts = false;

        Update(changed, old);

        Assert.Null(changed.Spec.Ports[0].NodePort);
        Assert.False(PortTaken(old.Spec.Ports[0].NodePort!.Value));
    }

    [Fact]
    public void Update_LocalToClusterPolicy_ReleasesHealthCheckNodePort()
    {
        var lb = Service("lb", "LoadBalancer");
        lb.Spec.ExternalTrafficPolicy = "Local";
        var old = Create(lb);
        var changed = Copy(old);
        changed.Spec.ExternalTrafficPolicy = "Cluster";

        Update(changed, old);

        Assert.Null(changed.Spec.HealthCheckNodePort);
        Assert.False(PortTaken(old.Spec.HealthCheckNodePort!.Value));
    }

    [Fact]
    public void Delete_ReleasesEverything()
    {
        var lb = Service("lb", "LoadBalancer");
        lb.Spec.ExternalTrafficPolicy = "Local";
        var svc = Create(lb);

        _allocation.Release(_tx, svc);

        Assert.Empty(_tx.Allocated(_allocation.ClusterIps.RangeKey));
        Assert.Empty(_tx.Allocated(_allocation.NodePorts.RangeKey));
    }
}
