using k8s.Models;
using MockApiServer.Resources.Pods;

namespace MockApiServer.Tests.Resources.Pods;

public class PodQosTests
{
    private static V1Container Container(string name, (string Cpu, string Memory)? requests = null, (string Cpu, string Memory)? limits = null) => new()
    {
        Name = name,
        Resources = new V1ResourceRequirements { Requests = Quantities(requests), Limits = Quantities(limits) },
    };

    private static Dictionary<string, ResourceQuantity>? Quantities((string Cpu, string Memory)? values)
    {
        if (values is not { } v) return null;
        var result = new Dictionary<string, ResourceQuantity>();
        if (v.Cpu.Length > 0) result["cpu"] = new ResourceQuantity(v.Cpu);
        if (v.Memory.Length > 0) result["memory"] = new ResourceQuantity(v.Memory);
        return result;
    }

    private static string Classify(params V1Container[] containers) => PodQos.Classify(new V1PodSpec { Containers = containers });

    [Fact]
    public void Classify_NoRequestsOrLimits_IsBestEffort() =>
        Assert.Equal("BestEffort", Classify(Container("a"), Container("b")));

    [Fact]
    public void Classify_RequestsEqualLimitsInEveryContainer_IsGuaranteed() =>
        Assert.Equal("Guaranteed", Classify(Container("a", ("100m", "64Mi"), ("100m", "64Mi")), Container("b", ("1", "1Gi"), ("1", "1Gi"))));

    [Fact]
    public void Classify_RequestsOnly_IsBurstable() =>
        Assert.Equal("Burstable", Classify(Container("a", requests: ("100m", "64Mi"))));

    [Fact]
    public void Classify_LimitsOnOnlyOneOfCpuAndMemory_IsBurstable() =>
        Assert.Equal("Burstable", Classify(Container("a", ("100m", ""), ("100m", ""))));

    [Fact]
    public void Classify_OneContainerWithoutLimits_IsBurstable() =>
        Assert.Equal("Burstable", Classify(Container("a", ("100m", "64Mi"), ("100m", "64Mi")), Container("b")));

    [Fact]
    public void Classify_ZeroRequestUnderALimit_IsBurstable() =>
        Assert.Equal("Burstable", Classify(Container("a", ("0", "64Mi"), ("100m", "64Mi"))));

    [Fact]
    public void Classify_OtherResources_AreIgnored()
    {
        var container = Container("a");
        container.Resources.Limits = new Dictionary<string, ResourceQuantity> { ["ephemeral-storage"] = new("1Gi") };

        Assert.Equal("BestEffort", Classify(container));
    }

    [Fact]
    public void Classify_InitContainerResources_Count()
    {
        var spec = new V1PodSpec { InitContainers = [Container("init", requests: ("100m", ""))], Containers = [Container("app")] };

        Assert.Equal("Burstable", PodQos.Classify(spec));
    }

    [Fact]
    public void Classify_InitContainerWithoutLimits_KeepsTheGuaranteedAppContainerBurstable()
    {
        var spec = new V1PodSpec { InitContainers = [Container("init")], Containers = [Container("app", ("1", "1Gi"), ("1", "1Gi"))] };

        Assert.Equal("Burstable", PodQos.Classify(spec));
    }
}
