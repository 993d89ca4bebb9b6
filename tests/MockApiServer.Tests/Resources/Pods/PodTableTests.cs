using k8s.Models;
using MockApiServer.Resources.Pods;

namespace MockApiServer.Tests.Resources.Pods;

public class PodTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly PodTable _table = new();

    private static V1Pod Pod(string phase, params V1ContainerStatus[] statuses) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1", CreationTimestamp = Now.AddMinutes(-5) },
        Spec = new V1PodSpec { Containers = statuses.Select(s => new V1Container { Name = s.Name }).ToList() },
        Status = new V1PodStatus { Phase = phase, ContainerStatuses = statuses },
    };

    private static V1ContainerStatus Running(string name, bool ready = true) =>
        new() { Name = name, Ready = ready, State = new V1ContainerState { Running = new V1ContainerStateRunning() } };

    private static V1ContainerStatus Waiting(string name, string reason) =>
        new() { Name = name, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } } };

    private static V1ContainerStatus Terminated(string name, int exitCode, string? reason = null, int? signal = null) =>
        new() { Name = name, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Signal = signal } } };

    private static void AddInitContainers(V1Pod pod, params V1ContainerStatus[] statuses)
    {
        pod.Spec.InitContainers = statuses.Select(s => new V1Container { Name = s.Name }).ToList();
        pod.Status.InitContainerStatuses = statuses;
    }

    private IReadOnlyList<object?> Cells(V1Pod pod) => _table.Cells(pod, Now);

    private string Status(V1Pod pod) => (string)Cells(pod)[2]!;

    [Fact]
    public void Columns_MatchKubeApiserverPodColumns()
    {
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], _table.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], _table.Columns.Select(c => c.Priority));
        Assert.Equal("The aggregate readiness state of this pod for accepting traffic.", _table.Columns[1].Description);
    }

    [Fact]
    public void Cells_RunningReadyPod_PrintsEveryColumnIncludingWide()
    {
        var pod = Pod("Running", Running("app"));
        pod.Spec.NodeName = "node-1";
        pod.Status.PodIPs = [new V1PodIP { Ip = "10.244.0.11" }];

        Assert.Equal<object?>(["web-1", "1/1", "Running", "0", "5m", "10.244.0.11", "node-1", "<none>", "<none>"], Cells(pod));
    }

    [Fact]
    public void Cells_UnscheduledPod_PrintsNoneForIPAndNodes()
    {
        var pod = Pod("Pending");
        pod.Spec.Containers = [new V1Container { Name = "app" }];

        Assert.Equal<object?>(["web-1", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"], Cells(pod));
    }

    [Fact]
    public void Cells_ReadyCountsOnlyReadyRunningContainersOverSpecContainers() =>
        Assert.Equal("1/2", Cells(Pod("Running", Running("a"), Running("b", ready: false)))[1]);

    [Fact]
    public void Cells_RestartsWithLastTermination_ShowsHowLongAgo()
    {
        var status = Waiting("app", "CrashLoopBackOff");
        status.RestartCount = 3;
        status.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddSeconds(-41) } };

        var cells = Cells(Pod("Running", status));

        Assert.Equal("CrashLoopBackOff", cells[2]);
        Assert.Equal("3 (41s ago)", cells[3]);
    }

    [Fact]
    public void Cells_RestartsWithoutLastTerminationTime_IsJustTheCount()
    {
        var status = Running("app");
        status.RestartCount = 2;

        Assert.Equal("2", Cells(Pod("Running", status))[3]);
    }

    [Fact]
    public void Cells_WaitingContainer_ShowsWaitingReason() =>
        Assert.Equal("ContainerCreating", Status(Pod("Pending", Waiting("app", "ContainerCreating"))));

    [Fact]
    public void Cells_ContainersAreWalkedFromLastToFirst_SoTheFirstContainerWins() =>
        Assert.Equal("ImagePullBackOff", Status(Pod("Pending", Waiting("a", "ImagePullBackOff"), Waiting("b", "ContainerCreating"))));

    [Theory]
    [InlineData(0, "Completed", null, "Completed")]
    [InlineData(137, "OOMKilled", null, "OOMKilled")]
    [InlineData(1, null, null, "ExitCode:1")]
    [InlineData(137, null, 9, "Signal:9")]
    public void Cells_TerminatedContainer_ShowsReasonSignalOrExitCode(int exitCode, string? reason, int? signal, string expected) =>
        Assert.Equal(expected, Status(Pod("Failed", Terminated("app", exitCode, reason, signal))));

    [Fact]
    public void Cells_CompletedContainerBesideARunningOne_IsRunningWhenPodReady()
    {
        var pod = Pod("Running", Running("app"), Terminated("job", 0, "Completed"));
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }];

        Assert.Equal("Running", Status(pod));
    }

    [Fact]
    public void Cells_CompletedContainerBesideARunningOne_IsNotReadyWithoutReadyCondition() =>
        Assert.Equal("NotReady", Status(Pod("Running", Running("app"), Terminated("job", 0, "Completed"))));

    [Fact]
    public void Cells_FirstInitContainerRunning_ShowsInitProgress()
    {
        var pod = Pod("Pending", Waiting("app", "PodInitializing"));
        AddInitContainers(pod, Running("init-a", ready: false), Waiting("init-b", "PodInitializing"));

        Assert.Equal("Init:0/2", Status(pod));
    }

    [Fact]
    public void Cells_SecondInitContainerRunning_SkipsTheSucceededOne()
    {
        var pod = Pod("Pending", Waiting("app", "PodInitializing"));
        AddInitContainers(pod, Terminated("init-a", 0, "Completed"), Running("init-b", ready: false));

        Assert.Equal("Init:1/2", Status(pod));
    }

    [Theory]
    [InlineData(1, "Error", null, "Init:Error")]
    [InlineData(2, null, null, "Init:ExitCode:2")]
    [InlineData(137, null, 9, "Init:Signal:9")]
    public void Cells_FailedInitContainer_ShowsInitFailure(int exitCode, string? reason, int? signal, string expected)
    {
        var pod = Pod("Pending", Waiting("app", "PodInitializing"));
        AddInitContainers(pod, Terminated("init", exitCode, reason, signal));

        Assert.Equal(expected, Status(pod));
    }

    [Fact]
    public void Cells_InitContainerWaitingWithReason_ShowsInitReason()
    {
        var pod = Pod("Pending", Waiting("app", "PodInitializing"));
        AddInitContainers(pod, Waiting("init", "CrashLoopBackOff"));

        Assert.Equal("Init:CrashLoopBackOff", Status(pod));
    }

    [Fact]
    public void Cells_WhileInitializing_RestartsCountInitContainers()
    {
        var pod = Pod("Pending", Waiting("app", "PodInitializing"));
        var init = Waiting("init", "CrashLoopBackOff");
        init.RestartCount = 4;
        AddInitContainers(pod, init);

        Assert.Equal("4", Cells(pod)[3]);
    }

    [Fact]
    public void Cells_StartedSidecar_CountsTowardReadyAndTotal()
    {
        var pod = Pod("Running", Running("app"));
        var sidecar = Running("proxy");
        sidecar.Started = true;
        AddInitContainers(pod, sidecar);
        pod.Spec.InitContainers[0].RestartPolicy = "Always";

        var cells = Cells(pod);

        Assert.Equal("2/2", cells[1]);
        Assert.Equal("Running", cells[2]);
    }

    [Fact]
    public void Cells_SchedulingGatedCondition_ShowsSchedulingGated()
    {
        var pod = Pod("Pending");
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "SchedulingGated" }];

        Assert.Equal("SchedulingGated", Status(pod));
    }

    [Fact]
    public void Cells_DeletionTimestampOnRunningPod_IsTerminating()
    {
        var pod = Pod("Running", Running("app"));
        pod.Metadata.DeletionTimestamp = Now;

        Assert.Equal("Terminating", Status(pod));
    }

    [Fact]
    public void Cells_DeletionTimestampOnSucceededPod_KeepsContainerReason()
    {
        var pod = Pod("Succeeded", Terminated("app", 0, "Completed"));
        pod.Metadata.DeletionTimestamp = Now;

        Assert.Equal("Completed", Status(pod));
    }

    [Fact]
    public void Cells_DeletionTimestampOnNodeLostPod_IsUnknown()
    {
        var pod = Pod("Running", Running("app"));
        pod.Status.Reason = "NodeLost";
        pod.Metadata.DeletionTimestamp = Now;

        Assert.Equal("Unknown", Status(pod));
    }

    [Fact]
    public void Cells_PodReason_ReplacesPhase() =>
        Assert.Equal("Evicted", Status(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
            Status = new V1PodStatus { Phase = "Failed", Reason = "Evicted" },
        }));

    [Fact]
    public void Cells_ReadinessGates_CountsTrueConditionsOverGates()
    {
        var pod = Pod("Running", Running("app"));
        pod.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = "lb/ready" }, new V1PodReadinessGate { ConditionType = "mesh/ready" }];
        pod.Status.Conditions = [new V1PodCondition { Type = "lb/ready", Status = "True" }, new V1PodCondition { Type = "mesh/ready", Status = "False" }];

        Assert.Equal("1/2", Cells(pod)[8]);
    }

    [Fact]
    public void Cells_MissingCreationTimestamp_AgeIsUnknown() =>
        Assert.Equal("<unknown>", _table.Cells(new V1Pod { Metadata = new V1ObjectMeta { Name = "x" } }, Now)[4]);
}
