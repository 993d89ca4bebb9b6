using k8s.Models;
using MockApiServer.Resources.Pods;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Pods;

/// <summary>ValidatePodUpdate's rules: what may change in a pod's spec, and the errors for the rest.</summary>
public class PodUpdateValidationTests
{
    private const string ForbiddenPrefix = "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

    private static V1Pod Pod()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "web", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = 80 }] }],
                InitContainers = [new V1Container { Name = "init", Image = "busybox:1.36" }],
                Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 }],
                SchedulingGates = [new V1PodSchedulingGate { Name = "gate" }],
                ActiveDeadlineSeconds = 600,
            },
        };
        PodDefaults.Apply(pod);
        return pod;
    }

    private static IReadOnlyList<string> Update(Action<V1PodSpec> change)
    {
        var old = Pod();
        var pod = Pod();
        change(pod.Spec);
        return ValidationErrors.Of(PodUpdateValidation.ValidateUpdate(pod, old));
    }

    [Fact]
    public void Update_NoSpecChange_IsValid() => Assert.Empty(Update(_ => { }));

    [Fact]
    public void Update_EveryUpdatableField_IsValid() => Assert.Empty(Update(s =>
    {
        s.Containers[0].Image = "nginx:1.28";
        s.InitContainers[0].Image = "busybox:1.37";
        s.ActiveDeadlineSeconds = 300;
        s.Tolerations[0].TolerationSeconds = 60;
        s.Tolerations.Add(new V1Toleration { Key = "other", OperatorProperty = "Exists" });
        s.SchedulingGates = [];
    }));

    [Fact]
    public void Update_ContainerPort_IsForbiddenWithTheListAndADiff()
    {
        var error = Assert.Single(Update(s => s.Containers[0].Ports[0].ContainerPort = 8080));
        Assert.StartsWith(ForbiddenPrefix + "  core.PodSpec{\n", error);
        Assert.Contains("- \tContainers: [{", error);
        Assert.Contains("\"containerPort\":80", error);
        Assert.Contains("+ \tContainers: [{", error);
        Assert.Contains("\"containerPort\":8080", error);
    }

    [Fact]
    public void Update_NodeName_IsForbidden() =>
        Assert.StartsWith(ForbiddenPrefix, Assert.Single(Update(s => s.NodeName = "node-2")));

    [Fact]
    public void Update_AddedContainer_IsForbiddenAndStops() =>
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"],
            Update(s => s.Containers.Add(new V1Container { Name = "side", Image = "busybox", ImagePullPolicy = "Always", TerminationMessagePath = "/dev/termination-log", TerminationMessagePolicy = "File" })));

    [Fact]
    public void Update_ImageWithSpaces_IsInvalid() =>
        Assert.Equal(["spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"],
            Update(s => s.Containers[0].Image = " nginx"));

    [Fact]
    public void Update_LongerActiveDeadline_IsInvalid() =>
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"],
            Update(s => s.ActiveDeadlineSeconds = 900));

    [Fact]
    public void Update_ActiveDeadlineRemoved_IsInvalid() =>
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"],
            Update(s => s.ActiveDeadlineSeconds = null));

    [Fact]
    public void Update_ChangedToleration_IsForbidden() =>
        Assert.Equal(["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"],
            Update(s => s.Tolerations[0].Key = "other"));

    [Fact]
    public void Update_AddedSchedulingGate_IsForbidden() =>
        Assert.Equal(["spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'new'"],
            Update(s => s.SchedulingGates.Add(new V1PodSchedulingGate { Name = "new" })));

    [Fact]
    public void Update_GracePeriodToOneFromNegative_IsValid()
    {
        var old = Pod();
        old.Spec.TerminationGracePeriodSeconds = -1;
        var pod = Pod();
        pod.Spec.TerminationGracePeriodSeconds = 1;
        Assert.Empty(ValidationErrors.Of(PodUpdateValidation.ValidateUpdate(pod, old)));
    }
}
