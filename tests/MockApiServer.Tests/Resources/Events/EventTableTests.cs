using k8s.Models;
using MockApiServer.Resources.Events;

namespace MockApiServer.Tests.Resources.Events;

public class EventTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly EventTable _table = new();

    private static Corev1Event Event() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web.181a2b3c4d5e6f70", NamespaceProperty = "default" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", FieldPath = "spec.containers{app}" },
        Type = "Normal",
        Reason = "Pulled",
        Message = "Successfully pulled image \"nginx\"\n",
        Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
        FirstTimestamp = Now.AddMinutes(-3),
        LastTimestamp = Now.AddSeconds(-41),
        Count = 6,
    };

    [Fact]
    public void Columns_FollowKubeApiserverOrderWithWideOnesInterleaved()
    {
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"],
            _table.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 1, 1, 1], _table.Columns.Select(c => c.Priority));
        Assert.Equal("name", _table.Columns[9].Format);
    }

    [Fact]
    public void Cells_PodEvent_PrintsLowercaseKindSlashNameAndTrimmedMessage() =>
        Assert.Equal<object?>(
            ["41s", "Normal", "Pulled", "pod/web", "spec.containers{app}", "kubelet, node-1", "Successfully pulled image \"nginx\"", "3m", 6L, "web.181a2b3c4d5e6f70"],
            _table.Cells(Event(), Now));

    [Fact]
    public void Cells_WithoutLastTimestamp_LastSeenFallsBackToFirstSeen()
    {
        var ev = Event();
        ev.LastTimestamp = null;

        Assert.Equal("3m", _table.Cells(ev, Now)[0]);
    }

    [Fact]
    public void Cells_NewApiSingleton_UsesEventTimeReportingControllerAndCountOne()
    {
        var ev = Event();
        ev.FirstTimestamp = null;
        ev.LastTimestamp = null;
        ev.Count = null;
        ev.Source = null;
        ev.EventTime = Now.AddSeconds(-5);
        ev.ReportingComponent = "default-scheduler";
        ev.ReportingInstance = "";

        var cells = _table.Cells(ev, Now);

        Assert.Equal(["5s", "default-scheduler", "5s", 1L], new[] { cells[0], cells[5], cells[7], cells[8] });
    }

    [Fact]
    public void Cells_EventSeries_UsesLastObservedTimeAndSeriesCount()
    {
        var ev = Event();
        ev.Series = new Corev1EventSeries { Count = 12, LastObservedTime = Now.AddSeconds(-2) };

        var cells = _table.Cells(ev, Now);

        Assert.Equal("2s", cells[0]);
        Assert.Equal(12L, cells[8]);
    }

    [Fact]
    public void Cells_InvolvedObjectWithoutName_IsJustTheKind()
    {
        var ev = Event();
        ev.InvolvedObject = new V1ObjectReference { Kind = "Node" };

        Assert.Equal("node", _table.Cells(ev, Now)[3]);
    }
}
