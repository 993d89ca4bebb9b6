using k8s.Models;
using MockApiServer.Resources.Services;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Services;

public class ServiceValidationTests
{
    /// <summary>A defaulted service of the given type, changed by <paramref name="change"/> before defaulting.</summary>
    private static IReadOnlyList<string> Validate(Action<V1ServiceSpec> change, string type = "ClusterIP", bool applyDefaults = true)
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Type = type, Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80 }] },
        };
        change(service.Spec);
        if (applyDefaults) ServiceDefaults.Apply(service);
        return ValidationErrors.Of(ServiceValidation.ValidateCreate(service));
    }

    [Theory]
    [InlineData("ClusterIP")]
    [InlineData("NodePort")]
    [InlineData("LoadBalancer")]
    public void Validate_DefaultedService_HasNoErrors(string type) => Assert.Empty(Validate(_ => { }, type));

    [Fact]
    public void Validate_NoPorts_RequiresPorts() =>
        Assert.Equal(["spec.ports: Required value"], Validate(s => s.Ports = []));

    [Fact]
    public void Validate_HeadlessWithoutPorts_IsValid() =>
        Assert.Empty(Validate(s => { s.Ports = []; s.ClusterIP = "None"; }));

    [Fact]
    public void Validate_TwoPortsOneUnnamed_RequiresName() =>
        Assert.Equal(["spec.ports[1].name: Required value"],
            Validate(s => s.Ports = [new V1ServicePort { Name = "http", Port = 80 }, new V1ServicePort { Port = 443 }]));

    [Fact]
    public void Validate_UppercasePortName_ReportsDns1123Label() =>
        Assert.Equal(["spec.ports[0].name: Invalid value: \"Http\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            Validate(s => s.Ports[0].Name = "Http"));

    [Fact]
    public void Validate_DuplicatePortName_ReportsDuplicate() =>
        Assert.Equal(["spec.ports[1].name: Duplicate value: \"http\""],
            Validate(s => s.Ports = [new V1ServicePort { Name = "http", Port = 80 }, new V1ServicePort { Name = "http", Port = 81 }]));

    [Fact]
    public void Validate_PortZero_ReportsRange() =>
        Assert.Contains("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive", Validate(s => s.Ports[0].Port = 0));

    [Fact]
    public void Validate_HttpProtocol_ReportsUnsupported() =>
        Assert.Equal(["spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Validate(s => s.Ports[0].Protocol = "HTTP"));

    [Fact]
    public void Validate_TargetPortOutOfRange_ReportsRange() =>
        Assert.Equal(["spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            Validate(s => s.Ports[0].TargetPort = 70000));

    [Fact]
    public void Validate_BadNamedTargetPort_ReportsEachIanaRule() =>
        Assert.Equal([
            "spec.ports[0].targetPort: Invalid value: \"-very--long-port-name\": must be no more than 15 characters",
            "spec.ports[0].targetPort: Invalid value: \"-very--long-port-name\": must not contain consecutive hyphens",
            "spec.ports[0].targetPort: Invalid value: \"-very--long-port-name\": must not begin or end with a hyphen",
        ], Validate(s => s.Ports[0].TargetPort = "-very--long-port-name"));

    [Fact]
    public void Validate_DuplicateProtocolAndPort_ReportsGoStruct() =>
        Assert.Equal(["spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"],
            Validate(s => s.Ports = [new V1ServicePort { Name = "a", Port = 80 }, new V1ServicePort { Name = "b", Port = 80, TargetPort = 8080 }]));

    [Fact]
    public void Validate_DuplicateNodePort_ReportsDuplicate() =>
        Assert.Equal(["spec.ports[1].nodePort: Duplicate value: 30080"],
            Validate(s => s.Ports = [new V1ServicePort { Name = "a", Port = 80, NodePort = 30080 }, new V1ServicePort { Name = "b", Port = 81, NodePort = 30080 }], "NodePort"));

    [Fact]
    public void Validate_ClusterIpWithNodePort_ForbidsNodePort() =>
        Assert.Equal(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
            Validate(s => s.Ports[0].NodePort = 30080));

    [Fact]
    public void Validate_LoadBalancerOnKubeletPort_RejectsPort() =>
        Assert.Equal(["spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet"],
            Validate(s => s.Ports[0].Port = 10250, "LoadBalancer"));

    [Fact]
    public void Validate_UnknownType_ReportsUnsupported() =>
        Assert.Equal(["spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""],
            Validate(_ => { }, "Foo"));

    [Fact]
    public void Validate_ExternalNameWithoutName_RequiresExternalName() =>
        Assert.Equal(["spec.externalName: Required value"], Validate(_ => { }, "ExternalName"));

    [Fact]
    public void Validate_ExternalNameWithUnderscore_ReportsDns1123Subdomain() =>
        Assert.Equal(["spec.externalName: Invalid value: \"foo_bar\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            Validate(s => s.ExternalName = "foo_bar", "ExternalName"));

    [Fact]
    public void Validate_ExternalNameWithTrailingDot_IsValid() =>
        Assert.Empty(Validate(s => s.ExternalName = "example.com.", "ExternalName"));

    [Fact]
    public void Validate_ExternalNameWithClusterIpAndFamilies_ForbidsThem() =>
        Assert.Equal([
            "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
            "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
            "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
        ], Validate(s => { s.ExternalName = "example.com"; s.ClusterIP = "10.96.0.10"; s.IpFamilies = ["IPv4"]; s.IpFamilyPolicy = "SingleStack"; }, "ExternalName"));

    [Fact]
    public void Validate_BadSelectorValue_ReportsAtSelectorPath() =>
        Assert.Equal(["spec.selector: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            Validate(s => s.Selector["app"] = "bad value"));

    [Fact]
    public void Validate_UnknownSessionAffinity_ReportsUnsupported() =>
        Assert.Equal(["spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""],
            Validate(s => s.SessionAffinity = "Sticky"));

    [Fact]
    public void Validate_ClientIpTimeoutZero_ReportsRange() =>
        Assert.Equal(["spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400"],
            Validate(s => { s.SessionAffinity = "ClientIP"; s.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 0 } }; }));

    [Fact]
    public void Validate_ClientIpTimeoutOf86400_IsValid() =>
        Assert.Empty(Validate(s => { s.SessionAffinity = "ClientIP"; s.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 86400 } }; }));

    [Fact]
    public void Validate_ClientIpWithoutConfig_RequiresConfig() =>
        Assert.Equal(["spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"],
            Validate(s => s.SessionAffinity = "ClientIP", applyDefaults: false).Where(e => e.StartsWith("spec.sessionAffinityConfig")));

    [Fact]
    public void Validate_NoneAffinityWithConfig_ForbidsConfig() =>
        Assert.Contains("spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None",
            Validate(s => { s.SessionAffinity = "None"; s.SessionAffinityConfig = new V1SessionAffinityConfig(); }, applyDefaults: false));

    [Fact]
    public void Validate_MalformedClusterIp_ReportsClusterIpsIndex() =>
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"abc\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            Validate(s => s.ClusterIP = "abc"));

    [Fact]
    public void Validate_HeadlessNodePort_RejectsNone() =>
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"],
            Validate(s => s.ClusterIP = "None", "NodePort"));

    [Fact]
    public void Validate_HeadlessLoadBalancer_RejectsNone() =>
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"],
            Validate(s => s.ClusterIP = "None", "LoadBalancer"));

    [Fact]
    public void Validate_NoneWithSecondIp_ReportsFirstAndOnly() =>
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"None\", \"10.96.0.10\"}: 'None' must be the first and only value"],
            Validate(s => { s.ClusterIP = "None"; s.ClusterIPs = ["None", "10.96.0.10"]; }));

    [Fact]
    public void Validate_ClusterIpsNotMatchingClusterIp_ReportsMismatch() =>
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.96.0.11\"}: first value must match `clusterIP`"],
            Validate(s => { s.ClusterIP = "10.96.0.10"; s.ClusterIPs = ["10.96.0.11"]; }));

    [Fact]
    public void Validate_TwoIpv4ClusterIps_ReportsOnePerFamily() =>
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.96.0.10\", \"10.96.0.11\"}: may specify no more than one IP for each IP family"],
            Validate(s => { s.ClusterIP = "10.96.0.10"; s.ClusterIPs = ["10.96.0.10", "10.96.0.11"]; }));

    [Fact]
    public void Validate_Ipv6ClusterIpWithIpv4Family_ReportsFamilyMismatch() =>
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"fd00::10\": expected an IPv4 value as indicated by `ipFamilies[0]`"],
            Validate(s => { s.ClusterIP = "fd00::10"; s.IpFamilies = ["IPv4"]; }));

    [Fact]
    public void Validate_DuplicateIpFamily_ReportsDuplicate() =>
        Assert.Equal(["spec.ipFamilies[1]: Duplicate value: \"IPv4\""], Validate(s => s.IpFamilies = ["IPv4", "IPv4"]));

    [Fact]
    public void Validate_UnknownIpFamilyPolicy_ReportsUnsupported() =>
        Assert.Equal(["spec.ipFamilyPolicy: Unsupported value: \"Dual\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""],
            Validate(s => s.IpFamilyPolicy = "Dual"));

    [Theory]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.1.1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.5", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    [InlineData("not-an-ip", "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    public void Validate_SpecialExternalIp_ReportsWhy(string ip, string detail) =>
        Assert.Equal([$"spec.externalIPs[0]: Invalid value: \"{ip}\": {detail}"], Validate(s => s.ExternalIPs = [ip]));

    [Fact]
    public void Validate_ExternalTrafficPolicyOnClusterIp_ReportsNotExternallyAccessible() =>
        Assert.Equal(["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"],
            Validate(s => s.ExternalTrafficPolicy = "Local"));

    [Fact]
    public void Validate_UnknownExternalTrafficPolicy_ReportsUnsupported() =>
        Assert.Equal(["spec.externalTrafficPolicy: Unsupported value: \"Global\": supported values: \"Cluster\", \"Local\""],
            Validate(s => s.ExternalTrafficPolicy = "Global", "NodePort"));

    [Fact]
    public void Validate_HealthCheckNodePortWithoutLocalPolicy_RejectsIt() =>
        Assert.Equal(["spec.healthCheckNodePort: Invalid value: 32000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
            Validate(s => s.HealthCheckNodePort = 32000, "LoadBalancer"));

    [Fact]
    public void Validate_LocalLoadBalancerBeforeAllocation_DoesNotRequireHealthCheckNodePort() =>
        Assert.Empty(Validate(s => s.ExternalTrafficPolicy = "Local", "LoadBalancer"));

    [Fact]
    public void Validate_UnknownInternalTrafficPolicy_ReportsUnsupported() =>
        Assert.Equal(["spec.internalTrafficPolicy: Unsupported value: \"Zone\": supported values: \"Cluster\", \"Local\""],
            Validate(s => s.InternalTrafficPolicy = "Zone"));

    [Fact]
    public void Validate_UnknownTrafficDistribution_ReportsUnsupported() =>
        Assert.Equal(["spec.trafficDistribution: Unsupported value: \"Nearby\": supported values: \"PreferClose\""],
            Validate(s => s.TrafficDistribution = "Nearby"));

    [Fact]
    public void Validate_SourceRangesOnClusterIp_ForbidsThemAtCapitalisedPath() =>
        Assert.Equal(["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
            Validate(s => s.LoadBalancerSourceRanges = ["10.0.0.0/8"]));

    [Fact]
    public void Validate_BadSourceRange_ReportsCidr() =>
        Assert.Equal(["spec.LoadBalancerSourceRanges[1]: Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"],
            Validate(s => s.LoadBalancerSourceRanges = [" 10.0.0.0/8 ", "10.0.0.0"], "LoadBalancer"));

    [Fact]
    public void Validate_AllocateLoadBalancerNodePortsOnNodePort_ForbidsIt() =>
        Assert.Equal(["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
            Validate(s => s.AllocateLoadBalancerNodePorts = false, "NodePort"));

    [Fact]
    public void Validate_LoadBalancerWithoutAllocateNodePorts_RequiresItWithoutSpecPrefix() =>
        Assert.Contains("allocateLoadBalancerNodePorts: Required value", Validate(_ => { }, "LoadBalancer", applyDefaults: false));

    [Fact]
    public void Validate_LoadBalancerClassOnClusterIp_ForbidsIt() =>
        Assert.Equal(["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"],
            Validate(s => s.LoadBalancerClass = "example.com/internal-vip"));

    [Fact]
    public void Validate_ErrorsCarryKubernetesReasons()
    {
        var service = new V1Service { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80, Protocol = "HTTP" }] } };
        ServiceDefaults.Apply(service);

        var error = Assert.Single(ServiceValidation.ValidateCreate(service));

        Assert.Equal(("FieldValueNotSupported", "spec.ports[0].protocol"), (error.Reason, error.Field));
    }
}
