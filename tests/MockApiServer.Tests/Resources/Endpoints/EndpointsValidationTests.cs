using k8s.Models;
using MockApiServer.Resources.Endpoints;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Endpoints;

public class EndpointsValidationTests
{
    private static IReadOnlyList<string> Validate(params V1EndpointSubset[] subsets) =>
        ValidationErrors.Of(EndpointsValidation.ValidateCreate(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "web" }, Subsets = subsets }));

    private static V1EndpointSubset Subset(string ip, params Corev1EndpointPort[] ports) =>
        new() { Addresses = [new V1EndpointAddress { Ip = ip }], Ports = ports.Length == 0 ? [new Corev1EndpointPort { Port = 80, Protocol = "TCP" }] : ports };

    [Fact]
    public void Validate_ValidSubset_HasNoErrors() => Assert.Empty(Validate(Subset("10.244.0.5")));

    [Fact]
    public void Validate_SubsetWithoutAddresses_RequiresOne() =>
        Assert.Equal(["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"], Validate(new V1EndpointSubset()));

    [Fact]
    public void Validate_MalformedIp_ReportsBothIpChecks() =>
        Assert.Equal([
            "subsets[0].addresses[0].ip: Invalid value: \"10.244.0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            "subsets[0].addresses[0].ip: Invalid value: \"10.244.0\": must be a valid IP address",
        ], Validate(Subset("10.244.0")));

    [Fact]
    public void Validate_LoopbackIp_ReportsSpecialRange() =>
        Assert.Equal(["subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"],
            Validate(Subset("127.0.0.1")));

    [Fact]
    public void Validate_PortOutOfRange_ReportsRange() =>
        Assert.Equal(["subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"],
            Validate(Subset("10.244.0.5", new Corev1EndpointPort { Port = 0, Protocol = "TCP" })));

    [Fact]
    public void Validate_TwoPortsOneUnnamed_RequiresName() =>
        Assert.Equal(["subsets[0].ports[0].name: Required value"],
            Validate(Subset("10.244.0.5", new Corev1EndpointPort { Port = 80, Protocol = "TCP" }, new Corev1EndpointPort { Name = "https", Port = 443, Protocol = "TCP" })));

    [Fact]
    public void Validate_PortNameWithUppercase_ReportsDns1123Label() =>
        Assert.Single(Validate(Subset("10.244.0.5", new Corev1EndpointPort { Name = "Http", Port = 80, Protocol = "TCP" })),
            e => e.StartsWith("subsets[0].ports[0].name: Invalid value: \"Http\": a lowercase RFC 1123 label", StringComparison.Ordinal));

    [Fact]
    public void Validate_UnknownProtocol_ReportsUnsupported() =>
        Assert.Equal(["subsets[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Validate(Subset("10.244.0.5", new Corev1EndpointPort { Port = 80, Protocol = "ICMP" })));
}
