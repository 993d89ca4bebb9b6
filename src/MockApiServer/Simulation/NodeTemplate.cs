using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Simulation;

/// <summary>
/// What a kind worker node looks like once its kubelet registered: labels, addresses, capacity,
/// nodeInfo and the four kubelet conditions. Used for the seeded nodes and to fill in nodes
/// created through the API without a status.
/// </summary>
public static class NodeTemplate
{
    public const string ReadyReason = "KubeletReady";
    public const string ReadyMessage = "kubelet is posting ready status";
    public const string ContainerRuntimeVersion = "containerd://1.7.18";

    public static V1Node Create(string name, string internalIp, string podCidr) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = Labels(name) },
        Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr], ProviderID = $"kind://docker/kind/{name}" },
        Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = internalIp }, new V1NodeAddress { Type = "Hostname", Address = name }] },
    };

    public static Dictionary<string, string> Labels(string name) => new()
    {
        ["beta.kubernetes.io/arch"] = "amd64",
        ["beta.kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = "amd64",
        ["kubernetes.io/hostname"] = name,
        ["kubernetes.io/os"] = "linux",
    };

    /// <summary>Fills every status field the kubelet owns that is missing; what is there is kept.</summary>
    public static void FillStatus(V1Node node, string kubeletVersion, DateTime now, RandomSource random)
    {
        var status = node.Status ??= new V1NodeStatus();
        status.Addresses ??= [];
        if (status.Addresses.All(a => a.Type != "Hostname")) status.Addresses.Add(new V1NodeAddress { Type = "Hostname", Address = node.Metadata.Name });
        status.Capacity ??= Resources();
        status.Allocatable ??= Resources();
        status.DaemonEndpoints ??= new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } };
        status.NodeInfo ??= new V1NodeSystemInfo
        {
            Architecture = "amd64",
            OperatingSystem = "linux",
            OsImage = "Debian GNU/Linux 12 (bookworm)",
            KernelVersion = "6.8.0-45-generic",
            KubeletVersion = kubeletVersion,
            KubeProxyVersion = kubeletVersion,
            ContainerRuntimeVersion = ContainerRuntimeVersion,
            MachineID = Hex(random, 32),
            SystemUUID = random.NewUid(),
            BootID = random.NewUid(),
        };
        status.Conditions ??= [];
        AddCondition(status, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now);
        AddCondition(status, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
        AddCondition(status, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now);
        AddCondition(status, "Ready", "True", ReadyReason, ReadyMessage, now);
    }

    /// <summary>True when the simulated kubelet owns Ready: it is True with the kubelet's reason.</summary>
    public static bool OwnsReady(V1NodeCondition? ready) => ready is { Status: "True", Reason: ReadyReason };

    public static bool IsReady(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True";

    public static string? InternalIp(V1Node node) => node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;

    public static int PodCapacity(V1Node node) =>
        node.Status?.Allocatable is { } a && a.TryGetValue("pods", out var q) && int.TryParse(q.ToString(), out var n) ? n : 110;

    private static Dictionary<string, ResourceQuantity> Resources() => new()
    {
        ["cpu"] = new ResourceQuantity("8"),
        ["ephemeral-storage"] = new ResourceQuantity("102626232Ki"),
        ["hugepages-1Gi"] = new ResourceQuantity("0"),
        ["hugepages-2Mi"] = new ResourceQuantity("0"),
        ["memory"] = new ResourceQuantity("32863848Ki"),
        ["pods"] = new ResourceQuantity("110"),
    };

    private static void AddCondition(V1NodeStatus status, string type, string value, string reason, string message, DateTime now)
    {
        if (status.Conditions.Any(c => c.Type == type)) return;
        status.Conditions.Add(new V1NodeCondition { Type = type, Status = value, Reason = reason, Message = message, LastHeartbeatTime = now, LastTransitionTime = now });
    }

    private static string Hex(RandomSource random, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));
}
