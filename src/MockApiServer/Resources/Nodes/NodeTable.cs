using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Nodes;

/// <summary>kubectl get columns for Node (k/k printers.go printNode; the server always prints wide).</summary>
public sealed class NodeTable : ITablePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Status", "string", "", "The status of the node"),
        new("Roles", "string", "", "The roles of the node"),
        TableColumns.Age,
        new("Version", "string", "", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", "", AddressesDescription, Priority: 1),
        new("External-IP", "string", "", AddressesDescription, Priority: 1),
        new("OS-Image", "string", "", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new("Kernel-Version", "string", "", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new("Container-Runtime", "string", "", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ];

    private const string AddressesDescription =
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var node = (V1Node)obj;
        var info = node.Status?.NodeInfo;
        var roles = string.Join(",", Roles(node.Metadata.Labels));
        return
        [
            node.Metadata.Name,
            Status(node),
            roles.Length == 0 ? TableCells.None : roles,
            HumanDuration.Age(node.Metadata.CreationTimestamp, now),
            info?.KubeletVersion ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion),
        ];
    }

    /// <summary>Ready / NotReady from the (last) Ready condition, Unknown without one; then SchedulingDisabled.</summary>
    private static string Status(V1Node node)
    {
        var ready = node.Status?.Conditions?.LastOrDefault(condition => condition.Type == "Ready");
        var status = ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    /// <summary>findNodeRoles: node-role.kubernetes.io/&lt;role&gt; keys and kubernetes.io/role values, sorted, unique.</summary>
    private static IEnumerable<string> Roles(IDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>())
            .Select(label => label.Key.StartsWith(RolePrefix, StringComparison.Ordinal) ? label.Key[RolePrefix.Length..]
                : label.Key == RoleLabel ? label.Value
                : "")
            .Where(role => role.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(address => address.Type == type)?.Address ?? TableCells.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;
}
