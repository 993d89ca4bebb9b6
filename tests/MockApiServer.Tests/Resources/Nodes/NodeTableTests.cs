using k8s.Models;
using MockApiServer.Resources.Nodes;

namespace MockApiServer.Tests.Resources.Nodes;

public class NodeTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly NodeTable _table = new();

    private static V1Node Node(string? ready, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "node-1", CreationTimestamp = Now.AddDays(-3), Labels = labels },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Conditions = ready is null ? [] : [new V1NodeCondition { Type = "Ready", Status = ready }],
            NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.0" },
        },
    };

    [Fact]
    public void Columns_MatchKubeApiserverNodeColumns()
    {
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"],
            _table.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], _table.Columns.Select(c => c.Priority));
    }

    [Fact]
    public void Cells_ReadyControlPlaneNode_PrintsEveryColumn()
    {
        var node = Node("True", new() { ["node-role.kubernetes.io/control-plane"] = "" });
        node.Status.Addresses = [new V1NodeAddress { Type = "Hostname", Address = "node-1" }, new V1NodeAddress { Type = "InternalIP", Address = "172.18.0.2" }];
        node.Status.NodeInfo.OsImage = "Debian GNU/Linux 12 (bookworm)";
        node.Status.NodeInfo.KernelVersion = "6.8.0";
        node.Status.NodeInfo.ContainerRuntimeVersion = "containerd://1.7.24";

        Assert.Equal<object?>(
            ["node-1", "Ready", "control-plane", "3d", "v1.32.0", "172.18.0.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.8.0", "containerd://1.7.24"],
            _table.Cells(node, Now));
    }

    [Fact]
    public void Cells_NotReadyCordonedNode_AppendsSchedulingDisabled()
    {
        var node = Node("False");
        node.Spec.Unschedulable = true;

        Assert.Equal("NotReady,SchedulingDisabled", _table.Cells(node, Now)[1]);
    }

    [Fact]
    public void Cells_NodeWithoutReadyCondition_IsUnknown() =>
        Assert.Equal("Unknown", _table.Cells(Node(null), Now)[1]);

    [Fact]
    public void Cells_Roles_ComeFromBothLabelStylesSortedAndUnique()
    {
        var node = Node("True", new()
        {
            ["node-role.kubernetes.io/worker"] = "",
            ["kubernetes.io/role"] = "infra",
            ["node-role.kubernetes.io/infra"] = "",
            ["node-role.kubernetes.io/"] = "",
        });

        Assert.Equal("infra,worker", _table.Cells(node, Now)[2]);
    }

    [Fact]
    public void Cells_NoRolesAndNoNodeInfo_PrintNoneAndUnknown()
    {
        var node = Node("True");
        node.Status.NodeInfo = new V1NodeSystemInfo();

        Assert.Equal<object?>(["<none>", "3d", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"], _table.Cells(node, Now).Skip(2));
    }
}
