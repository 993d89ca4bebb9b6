using k8s.Models;
using MockApiServer.Resources.Pods;

namespace MockApiServer.Tests.Resources;

public class PodDefaultsTests
{
    private static V1Pod Pod(params V1Container[] containers) =>
        new() { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = containers } };

    [Fact]
    public void Apply_MinimalPod_DefaultsPodSpecFields()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx" });

        PodDefaults.Apply(pod);

        var spec = pod.Spec;
        Assert.Equal(("Always", "ClusterFirst", "default-scheduler"), (spec.RestartPolicy, spec.DnsPolicy, spec.SchedulerName));
        Assert.Equal(30, spec.TerminationGracePeriodSeconds);
        Assert.NotNull(spec.SecurityContext);
        Assert.True(spec.EnableServiceLinks);
    }

    [Fact]
    public void ApplyAdmission_MinimalPod_AddsAdmissionDefaults()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx" });

        PodDefaults.Apply(pod);
        PodDefaults.ApplyAdmission(pod);

        Assert.Equal(("default", "default"), (pod.Spec.ServiceAccountName, pod.Spec.ServiceAccount));
        Assert.Equal((0, "PreemptLowerPriority"), (pod.Spec.Priority, pod.Spec.PreemptionPolicy));
        Assert.Equal(
            [("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L), ("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L)],
            pod.Spec.Tolerations.Select(t => (t.Key, t.OperatorProperty, t.Effect, t.TolerationSeconds ?? 0)));
    }

    [Fact]
    public void Apply_PodToleratingEverything_AddsNoTolerations()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx" });
        pod.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];

        PodDefaults.Apply(pod);

        Assert.Single(pod.Spec.Tolerations);
    }

    [Fact]
    public void Apply_Container_DefaultsTerminationMessageResourcesAndPortProtocol()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = 80 }] });

        PodDefaults.Apply(pod);

        var c = pod.Spec.Containers[0];
        Assert.Equal(("/dev/termination-log", "File", "TCP"), (c.TerminationMessagePath, c.TerminationMessagePolicy, c.Ports[0].Protocol));
        Assert.NotNull(c.Resources);
    }

    [Fact]
    public void Apply_InitContainer_GetsContainerDefaults()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx" });
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox:1.36" }];

        PodDefaults.Apply(pod);

        Assert.Equal(("IfNotPresent", "File"), (pod.Spec.InitContainers[0].ImagePullPolicy, pod.Spec.InitContainers[0].TerminationMessagePolicy));
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("localhost:5000/nginx", "Always")]
    [InlineData("localhost:5000/nginx:1.27", "IfNotPresent")]
    [InlineData("nginx@sha256:abc", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:abc", "Always")]
    public void DefaultPullPolicy_FollowsTheImageTag(string image, string expected) =>
        Assert.Equal(expected, PodDefaults.DefaultPullPolicy(image));

    [Fact]
    public void Apply_LimitsWithoutRequests_CopiesLimitsIntoRequests()
    {
        var pod = Pod(new V1Container
        {
            Name = "web",
            Image = "nginx",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } },
        });

        PodDefaults.Apply(pod);

        Assert.Equal("500m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void Apply_EnvFieldRef_DefaultsApiVersionToV1()
    {
        var pod = Pod(new V1Container
        {
            Name = "web",
            Image = "nginx",
            Env = [new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } }],
        });

        PodDefaults.Apply(pod);

        Assert.Equal("v1", pod.Spec.Containers[0].Env[0].ValueFrom.FieldRef.ApiVersion);
    }

    [Fact]
    public void Apply_HostNetwork_DefaultsHostPortToContainerPort()
    {
        var pod = Pod(new V1Container { Name = "web", Image = "nginx", Ports = [new V1ContainerPort { ContainerPort = 8080 }] });
        pod.Spec.HostNetwork = true;

        PodDefaults.Apply(pod);

        Assert.Equal(8080, pod.Spec.Containers[0].Ports[0].HostPort);
    }
}
