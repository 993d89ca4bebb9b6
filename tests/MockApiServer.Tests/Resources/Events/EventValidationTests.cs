using k8s.Models;
using MockApiServer.Resources.Events;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Events;

public class EventValidationTests
{
    private static IReadOnlyList<string> Validate(string ns, string? involvedNs, Action<Corev1Event>? change = null)
    {
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = involvedNs },
            Reason = "Started",
        };
        change?.Invoke(ev);
        return ValidationErrors.Of(EventValidation.ValidateCreate(ev));
    }

    [Fact]
    public void Validate_MatchingNamespaces_HasNoErrors() => Assert.Empty(Validate("team-a", "team-a"));

    [Fact]
    public void Validate_MismatchedInvolvedNamespace_ReportsMismatch() =>
        Assert.Equal(["involvedObject.namespace: Invalid value: \"x\": does not match event.namespace"], Validate("team-a", "x"));

    [Fact]
    public void Validate_ClusterScopedObjectInDefault_IsValid() => Assert.Empty(Validate("default", null));

    [Fact]
    public void Validate_ClusterScopedObjectInOtherNamespace_ReportsMismatch() =>
        Assert.Equal(["involvedObject.namespace: Invalid value: \"\": does not match event.namespace"], Validate("team-a", null));

    [Fact]
    public void Validate_NewEventWithoutReporter_RequiresReportingFields() =>
        Assert.Equal([
            "reportingComponent: Required value",
            "reportingComponent: Invalid value: \"\": name part must be non-empty",
            "reportingInstance: Required value",
            "action: Required value",
        ], Validate("team-a", "team-a", e => e.EventTime = DateTime.UtcNow));
}
