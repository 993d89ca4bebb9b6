using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.Pods;

namespace MockApiServer.Simulation;

/// <summary>
/// The status the kubelet writes at each transition it owns: containers being created, running,
/// failed, crashing, terminated. Each rewrites only what that transition decides, so a condition
/// a client set in between (Ready=False through pods/status) survives until the next transition.
/// </summary>
public static class PodStatusTransitions
{
    /// <summary>Sandbox accepted, containers not started yet (the start delay): ContainerCreating.</summary>
    public static void Creating(V1Pod pod, string hostIp, DateTime now)
    {
        var status = Base(pod, hostIp, now);
        PodConditions.Set(status, "PodReadyToStartContainers", "False", null, null, now);
        PodConditions.Set(status, "Initialized", "True", null, null, now);
        NotReady(pod, status, "ContainersNotReady", now);
        status.ContainerStatuses = [.. pod.Spec.Containers.Select(c => new V1ContainerStatus
        {
            Name = c.Name, Image = NormalizeImage(c.Image), ImageID = "", Ready = false, Started = false, RestartCount = 0,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
        })];
    }

    /// <summary>Containers started: Running, with IPs; Ready unless the simulation says never ready or crash.</summary>
    /// <remarks>
    /// A container in <paramref name="configErrors"/> (its env names a missing ConfigMap, Secret or
    /// key) is not started: it waits with CreateContainerConfigError and the kubelet's message, and
    /// the pod stays Pending.
    /// </remarks>
    public static void Start(V1Pod pod, string hostIp, string podIp, DateTime now, PodSimulation sim, Func<string> containerId, TimeSpan crashBackoff,
        IReadOnlyDictionary<string, string>? configErrors = null)
    {
        var status = Base(pod, hostIp, now);
        status.PodIP = podIp;
        status.PodIPs = [new V1PodIP { Ip = podIp }];
        status.Phase = "Running";
        PodConditions.Set(status, "PodReadyToStartContainers", "True", null, null, now);
        PodConditions.Set(status, "Initialized", "True", null, null, now);
        status.InitContainerStatuses = pod.Spec.InitContainers is { Count: > 0 } inits
            ? [.. inits.Select(c => Container(c, containerId(), false, new V1ContainerState { Terminated = Terminated(0, "Completed", now, now) }))]
            : null;
        // A container with a startup or readiness probe waits for it (the kubelet's prober) before it is started or ready.
        var ready = !sim.NeverReady && !sim.Crash;
        status.ContainerStatuses = [.. pod.Spec.Containers.Select(c => sim.Crash
            ? Container(c, containerId(), false, Waiting(c, pod, crashBackoff), lastState: new V1ContainerState { Terminated = Terminated(1, "Error", now, now) }, started: false)
            : Container(c, containerId(), ready && c.ReadinessProbe is null && c.StartupProbe is null, new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } },
                started: c.StartupProbe is null))];
        if (configErrors is { Count: > 0 })
        {
            for (var i = 0; i < pod.Spec.Containers.Count; i++)
                if (configErrors.TryGetValue(pod.Spec.Containers[i].Name, out var message)) status.ContainerStatuses[i] = ConfigWaiting(pod.Spec.Containers[i], message);
            status.Phase = "Pending";
        }
        if (ready) Readiness(pod, now);
        else NotReady(pod, status, "ContainersNotReady", now);
    }

    public const string CreateContainerConfigError = "CreateContainerConfigError";

    /// <summary>The containers waiting for their configuration (CreateContainerConfigError).</summary>
    public static IReadOnlyList<string> WaitingForConfig(V1Pod pod) =>
        [.. (pod.Status?.ContainerStatuses ?? []).Where(c => c.State?.Waiting?.Reason == CreateContainerConfigError).Select(c => c.Name)];

    /// <summary>A container whose configuration still fails: its message follows the current error.</summary>
    public static bool ConfigStillFailing(V1Pod pod, string container, string message)
    {
        var status = pod.Status.ContainerStatuses.First(c => c.Name == container);
        if (status.State?.Waiting?.Reason != CreateContainerConfigError || status.State.Waiting.Message == message) return false;
        status.State.Waiting.Message = message;
        return true;
    }

    /// <summary>A container whose configuration resolved is started: Running, the pod Running once none waits.</summary>
    public static void ConfigResolved(V1Pod pod, string container, string containerId, DateTime now)
    {
        var statuses = pod.Status.ContainerStatuses;
        var i = statuses.ToList().FindIndex(c => c.Name == container);
        if (i < 0 || statuses[i].State?.Waiting?.Reason != CreateContainerConfigError) return;
        var spec = pod.Spec.Containers.First(c => c.Name == container);
        statuses[i] = Container(spec, containerId, spec.ReadinessProbe is null && spec.StartupProbe is null,
            new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }, started: spec.StartupProbe is null);
        if (statuses.All(c => c.State?.Waiting is null)) pod.Status.Phase = "Running";
        Readiness(pod, now);
    }

    private static V1ContainerStatus ConfigWaiting(V1Container c, string message) => new()
    {
        Name = c.Name,
        Image = NormalizeImage(c.Image),
        ImageID = "",
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = CreateContainerConfigError, Message = message } },
        LastState = new V1ContainerState(),
    };

    /// <summary>
    /// ContainersReady from the containers' ready flags, and Ready from that and the pod's
    /// readinessGates (each a condition a client sets), with the kubelet's reasons and messages.
    /// True when a condition changed.
    /// </summary>
    public static bool Readiness(V1Pod pod, DateTime now)
    {
        var status = pod.Status;
        var before = (PodConditions.Get(pod, "ContainersReady")?.Status, PodConditions.Get(pod, "Ready")?.Status, PodConditions.Get(pod, "Ready")?.Message);
        var unready = (status.ContainerStatuses ?? []).Where(c => c.Ready != true).Select(c => c.Name).ToList();
        if (unready.Count > 0)
        {
            NotReady(pod, status, "ContainersNotReady", now);
            return before != (PodConditions.Get(pod, "ContainersReady")?.Status, PodConditions.Get(pod, "Ready")?.Status, PodConditions.Get(pod, "Ready")?.Message);
        }
        PodConditions.Set(status, "ContainersReady", "True", null, null, now);
        var gateMessage = (pod.Spec.ReadinessGates ?? []).Select(g => g.ConditionType).Select(type => PodConditions.Get(pod, type) switch
        {
            null => $"corresponding condition of pod readiness gate \"{type}\" does not exist.",
            { Status: "True" } => null,
            var c => $"the status of pod readiness gate \"{type}\" is not \"True\", but {c.Status}",
        }).FirstOrDefault(m => m is not null);
        if (gateMessage is null) PodConditions.Set(status, "Ready", "True", null, null, now);
        else PodConditions.Set(status, "Ready", "False", "ReadinessGatesNotReady", gateMessage, now);
        return before != (PodConditions.Get(pod, "ContainersReady")?.Status, PodConditions.Get(pod, "Ready")?.Status, PodConditions.Get(pod, "Ready")?.Message);
    }

    /// <summary>The containers exited with an error and are not restarted: phase Failed.</summary>
    public static void Fail(V1Pod pod, DateTime now)
    {
        var status = pod.Status;
        status.Phase = "Failed";
        foreach (var c in status.ContainerStatuses ?? [])
        {
            var startedAt = c.State?.Running?.StartedAt ?? now;
            c.State = new V1ContainerState { Terminated = Terminated(1, "Error", startedAt, now, c.ContainerID) };
            c.Ready = false;
            c.Started = false;
        }
        PodConditions.Set(status, "PodReadyToStartContainers", "False", null, null, now);
        NotReady(pod, status, "PodFailed", now);
    }

    /// <summary>One more crash of every container: restartCount + 1, CrashLoopBackOff until the next try.</summary>
    public static void Crash(V1Pod pod, DateTime now, TimeSpan nextBackoff)
    {
        foreach (var c in pod.Status.ContainerStatuses ?? [])
        {
            var spec = pod.Spec.Containers.First(s => s.Name == c.Name);
            c.RestartCount += 1;
            c.LastState = new V1ContainerState { Terminated = Terminated(1, "Error", now, now, c.ContainerID) };
            c.State = Waiting(spec, pod, nextBackoff);
            c.Ready = false;
            c.Started = false;
        }
    }

    /// <summary>
    /// The containers whose spec image is no longer the one running: the kubelet's "definition
    /// changed" restart (computePodActions), whatever the restart policy.
    /// </summary>
    public static IReadOnlyList<V1Container> ChangedImages(V1Pod pod) =>
        [.. pod.Spec.Containers.Where(c => PodContainersStatus(pod, c.Name) is { State.Running: not null } status && NormalizeImage(status.Image) != NormalizeImage(c.Image))];

    /// <summary>One container stopped (exit 0 on SIGTERM) and started again from its current spec: restartCount + 1.</summary>
    public static void RestartChanged(V1Pod pod, V1Container spec, string containerId, DateTime now)
    {
        var status = PodContainersStatus(pod, spec.Name)!;
        var startedAt = status.State?.Running?.StartedAt ?? now;
        status.LastState = new V1ContainerState { Terminated = Terminated(0, "Completed", startedAt, now, status.ContainerID) };
        status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } };
        status.RestartCount += 1;
        status.Image = NormalizeImage(spec.Image);
        status.ImageID = ImageId(spec.Image);
        status.ContainerID = containerId;
    }

    private static V1ContainerStatus? PodContainersStatus(V1Pod pod, string name) => pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// A container's process ended with <paramref name="exitCode"/>. When the restart policy
    /// restarts it, it waits in CrashLoopBackOff (restartCount + 1, the run as lastState);
    /// otherwise it stays terminated, and once every container is, the pod is Succeeded (all
    /// exited 0) or Failed.
    /// </summary>
    public static void Exited(V1Pod pod, string container, int exitCode, DateTime now, bool restart, TimeSpan backoff)
    {
        var status = PodContainersStatus(pod, container)!;
        var spec = pod.Spec.Containers.First(c => c.Name == container);
        var run = Terminated(exitCode, exitCode == 0 ? "Completed" : "Error", status.State?.Running?.StartedAt ?? now, now, status.ContainerID);
        status.Ready = false;
        status.Started = false;
        if (restart)
        {
            status.RestartCount += 1;
            status.LastState = new V1ContainerState { Terminated = run };
            status.State = Waiting(spec, pod, backoff);
        }
        else status.State = new V1ContainerState { Terminated = run };
        var statuses = pod.Status.ContainerStatuses ?? [];
        if (statuses.Count > 0 && statuses.All(c => c.State?.Terminated is not null))
        {
            var succeeded = statuses.All(c => c.State.Terminated.ExitCode == 0);
            pod.Status.Phase = succeeded ? "Succeeded" : "Failed";
            PodConditions.Set(pod.Status, "PodReadyToStartContainers", "False", null, null, now);
            NotReady(pod, pod.Status, succeeded ? "PodCompleted" : "PodFailed", now);
        }
        else NotReady(pod, pod.Status, "ContainersNotReady", now);
    }

    /// <summary>A container out of its back-off starts again: running, and ready unless a startup or readiness probe is to decide.</summary>
    public static void Restarted(V1Pod pod, string container, string containerId, DateTime now)
    {
        var status = PodContainersStatus(pod, container)!;
        var spec = pod.Spec.Containers.First(c => c.Name == container);
        status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } };
        status.ContainerID = containerId;
        status.Ready = spec.ReadinessProbe is null && spec.StartupProbe is null;
        status.Started = spec.StartupProbe is null;
        Readiness(pod, now);
    }

    /// <summary>Deletion: every container stopped; the pod is no longer ready.</summary>
    public static void Terminate(V1Pod pod, DateTime now)
    {
        var status = pod.Status ??= new V1PodStatus();
        foreach (var c in status.ContainerStatuses ?? [])
        {
            if (c.State?.Terminated is not null) continue;
            var startedAt = c.State?.Running?.StartedAt ?? now;
            c.State = new V1ContainerState { Terminated = Terminated(0, "Completed", startedAt, now, c.ContainerID) };
            c.Ready = false;
            c.Started = false;
        }
        NotReady(pod, status, "ContainersNotReady", now);
    }

    /// <summary>True when the containers are already stopped (or never ran).</summary>
    public static bool IsTerminated(V1Pod pod) => (pod.Status?.ContainerStatuses ?? []).All(c => c.State?.Running is null);

    /// <summary>"docker.io/library/nginx:1.27" for "nginx:1.27", as containerd reports it.</summary>
    public static string NormalizeImage(string? image)
    {
        var name = string.IsNullOrEmpty(image) ? "unknown" : image;
        var slash = name.IndexOf('/');
        var first = slash < 0 ? "" : name[..slash];
        if (slash < 0) name = "docker.io/library/" + name;
        else if (!first.Contains('.') && !first.Contains(':') && first != "localhost") name = "docker.io/" + name;
        var lastSlash = name.LastIndexOf('/');
        return name.IndexOf(':', lastSlash) < 0 && !name.Contains('@') ? name + ":latest" : name;
    }

    /// <summary>A stable digest per image name: "docker.io/library/nginx@sha256:…".</summary>
    public static string ImageId(string? image)
    {
        var normalized = NormalizeImage(image);
        var at = normalized.IndexOf('@');
        var repository = at >= 0 ? normalized[..at] : normalized[..normalized.LastIndexOf(':')];
        return $"{repository}@sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))}";
    }

    private static V1PodStatus Base(V1Pod pod, string hostIp, DateTime now)
    {
        var status = pod.Status ??= new V1PodStatus();
        status.Phase ??= "Pending";
        status.HostIP = hostIp;
        status.HostIPs = [new V1HostIP { Ip = hostIp }];
        status.StartTime ??= now;
        status.QosClass = PodQos.Classify(pod.Spec);
        if (PodConditions.Get(pod, "PodScheduled") is null) PodConditions.Set(status, "PodScheduled", "True", null, null, now);
        return status;
    }

    private static void NotReady(V1Pod pod, V1PodStatus status, string reason, DateTime now)
    {
        var unready = (status.ContainerStatuses ?? []).Where(c => c.Ready != true).Select(c => c.Name).ToList();
        if (unready.Count == 0) unready = [.. pod.Spec.Containers.Select(c => c.Name)];
        var message = reason is "PodFailed" or "PodCompleted" ? null : $"containers with unready status: [{string.Join(" ", unready)}]";
        PodConditions.Set(status, "ContainersReady", "False", reason, message, now);
        PodConditions.Set(status, "Ready", "False", reason, message, now);
    }

    private static V1ContainerStatus Container(V1Container c, string containerId, bool ready, V1ContainerState state, V1ContainerState? lastState = null, bool started = true) => new()
    {
        Name = c.Name,
        Image = NormalizeImage(c.Image),
        ImageID = ImageId(c.Image),
        ContainerID = containerId,
        Ready = ready,
        Started = started,
        RestartCount = 0,
        State = state,
        LastState = lastState ?? new V1ContainerState(),
    };

    private static V1ContainerState Waiting(V1Container c, V1Pod pod, TimeSpan backoff) => new()
    {
        Waiting = new V1ContainerStateWaiting
        {
            Reason = "CrashLoopBackOff",
            Message = $"back-off {GoDurationText(backoff)} restarting failed container={c.Name} pod={pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})",
        },
    };

    private static V1ContainerStateTerminated Terminated(int exitCode, string reason, DateTime startedAt, DateTime finishedAt, string? containerId = null) =>
        new() { ExitCode = exitCode, Reason = reason, StartedAt = startedAt, FinishedAt = finishedAt, ContainerID = containerId };

    private static string GoDurationText(TimeSpan d) =>
        d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds}s" : $"{(int)Math.Max(d.TotalSeconds, 0)}s";
}
