using k8s.Models;
using MockApiServer.Resources.Namespaces;

namespace MockApiServer.Tests.Resources.Namespaces;

public class NamespaceTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly NamespaceTable _table = new();

    [Fact]
    public void Columns_AreNameStatusAge() =>
        Assert.Equal(["Name", "Status", "Age"], _table.Columns.Select(c => c.Name));

    [Fact]
    public void Cells_ActiveNamespace_PrintsPhase()
    {
        var ns = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "my-ns", CreationTimestamp = Now.AddSeconds(-3) },
            Status = new V1NamespaceStatus { Phase = "Active" },
        };

        Assert.Equal<object?>(["my-ns", "Active", "3s"], _table.Cells(ns, Now));
    }
}
