using k8s.Models;
using MockApiServer.Resources.Services;

namespace MockApiServer.Tests.Resources;

public class ServiceDefaultsTests
{
    private static V1Service Service(V1ServiceSpec spec) => new() { Metadata = new V1ObjectMeta { Name = "web" }, Spec = spec };

    [Fact]
    public void Apply_MinimalService_DefaultsTypeAffinityProtocolTargetPortAndInternalPolicy()
    {
        var service = Service(new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] });

        ServiceDefaults.Apply(service);

        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Equal("None", service.Spec.SessionAffinity);
        Assert.Equal("TCP", service.Spec.Ports[0].Protocol);
        Assert.Equal("80", service.Spec.Ports[0].TargetPort.Value);
        Assert.Equal("Cluster", service.Spec.InternalTrafficPolicy);
        Assert.Null(service.Spec.ExternalTrafficPolicy);
        Assert.Null(service.Spec.AllocateLoadBalancerNodePorts);
    }

    [Fact]
    public void Apply_MinimalService_LeavesAllocatorFieldsUnset()
    {
        var service = Service(new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] });

        ServiceDefaults.Apply(service);

        Assert.Null(service.Spec.ClusterIP);
        Assert.Null(service.Spec.ClusterIPs);
        Assert.Null(service.Spec.IpFamilies);
        Assert.Null(service.Spec.IpFamilyPolicy);
        Assert.Null(service.Spec.Ports[0].NodePort);
    }

    [Fact]
    public void Apply_NamedTargetPort_KeepsIt()
    {
        var service = Service(new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80, TargetPort = "http" }] });

        ServiceDefaults.Apply(service);

        Assert.Equal("http", service.Spec.Ports[0].TargetPort.Value);
    }

    [Fact]
    public void Apply_ClientIpAffinityWithoutTimeout_DefaultsTimeoutTo10800()
    {
        var service = Service(new V1ServiceSpec { SessionAffinity = "ClientIP" });

        ServiceDefaults.Apply(service);

        Assert.Equal(10800, service.Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds);
    }

    [Fact]
    public void Apply_NoneAffinityWithConfig_DropsConfig()
    {
        var service = Service(new V1ServiceSpec
        {
            SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 5 } },
        });

        ServiceDefaults.Apply(service);

        Assert.Null(service.Spec.SessionAffinityConfig);
    }

    [Fact]
    public void Apply_LoadBalancer_DefaultsExternalPolicyAndAllocateNodePorts()
    {
        var service = Service(new V1ServiceSpec { Type = "LoadBalancer" });

        ServiceDefaults.Apply(service);

        Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
        Assert.True(service.Spec.AllocateLoadBalancerNodePorts);
    }

    [Fact]
    public void Apply_ClusterIpWithExternalIps_DefaultsExternalTrafficPolicy()
    {
        var service = Service(new V1ServiceSpec { ExternalIPs = ["203.0.113.7"] });

        ServiceDefaults.Apply(service);

        Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void Apply_ExternalName_LeavesTrafficPoliciesUnset()
    {
        var service = Service(new V1ServiceSpec { Type = "ExternalName", ExternalName = "example.com" });

        ServiceDefaults.Apply(service);

        Assert.Null(service.Spec.InternalTrafficPolicy);
        Assert.Null(service.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void Apply_LoadBalancerIngressWithIp_DefaultsIpModeToVip()
    {
        var service = Service(new V1ServiceSpec { Type = "LoadBalancer" });
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "198.51.100.1" }] } };

        ServiceDefaults.Apply(service);

        Assert.Equal("VIP", service.Status.LoadBalancer.Ingress[0].IpMode);
    }
}
