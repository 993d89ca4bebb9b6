using k8s.Models;
using MockApiServer.Resources.Nodes;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Nodes;

public class NodeValidationTests
{
    private static IReadOnlyList<string> Validate(V1NodeSpec spec) =>
        ValidationErrors.Of(NodeValidation.ValidateCreate(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" }, Spec = spec }));

    [Fact]
    public void Validate_ValidPodCidrAndTaint_HasNoErrors() =>
        Assert.Empty(Validate(new V1NodeSpec { PodCIDR = "10.244.0.0/24", Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] }));

    [Fact]
    public void Validate_BadPodCidr_ReportsAtPodCidrsIndex() =>
        Assert.Equal(["spec.podCIDRs[0]: Invalid value: \"10.244.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"],
            Validate(new V1NodeSpec { PodCIDR = "10.244.0.0" }));

    [Fact]
    public void Validate_TwoIpv4PodCidrs_ReportsOnePerFamily() =>
        Assert.Equal(["spec.podCIDRs: Invalid value: []string{\"10.244.0.0/24\", \"10.245.0.0/24\"}: may specify no more than one CIDR for each IP family"],
            Validate(new V1NodeSpec { PodCIDRs = ["10.244.0.0/24", "10.245.0.0/24"] }));

    [Fact]
    public void Validate_DualStackPodCidrs_IsValid() =>
        Assert.Empty(Validate(new V1NodeSpec { PodCIDRs = ["10.244.0.0/24", "fd00:10:244::/64"] }));

    [Fact]
    public void Validate_TaintWithoutEffect_RequiresEffect() =>
        Assert.Equal(["spec.taints[0].effect: Required value"], Validate(new V1NodeSpec { Taints = [new V1Taint { Key = "k" }] }));

    [Fact]
    public void Validate_TaintWithUnknownEffect_ReportsUnsupported() =>
        Assert.Equal(["spec.taints[0].effect: Unsupported value: \"Evict\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
            Validate(new V1NodeSpec { Taints = [new V1Taint { Key = "k", Effect = "Evict" }] }));

    [Fact]
    public void Validate_TaintWithBadKey_ReportsKey() =>
        Assert.Equal(["spec.taints[0].key: Invalid value: \"\": name part must be non-empty"],
            Validate(new V1NodeSpec { Taints = [new V1Taint { Key = "", Effect = "NoSchedule" }] }));

    [Fact]
    public void Validate_DuplicateTaint_ReportsKeyEffectPair() =>
        Assert.Equal(["spec.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"b\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"],
            Validate(new V1NodeSpec { Taints = [new V1Taint { Key = "k", Value = "a", Effect = "NoSchedule" }, new V1Taint { Key = "k", Value = "b", Effect = "NoSchedule" }] }));
}
