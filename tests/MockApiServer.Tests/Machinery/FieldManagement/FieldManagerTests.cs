using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.FieldManagement;

namespace MockApiServer.Tests.Machinery.FieldManagement;

/// <summary>
/// The apply algorithm as the server-side apply documentation describes it: ownership,
/// shared ownership, removal of dropped fields, conflicts and force, list merging by schema.
/// </summary>
public sealed class FieldManagerTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static JsonObject Service(string ports, string extraSpec = "") => JsonNode.Parse(
        """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"selector":{"app":"web"},"ports":"""
        + ports + extraSpec + "}}")!.AsObject();

    private static JsonObject Apply(JsonObject? live, JsonObject config, string manager, bool force = false) =>
        FieldManager.Apply(live, config, typeof(V1Service), manager, force, "v1", Now);

    private static List<V1ManagedFieldsEntry> Entries(JsonObject obj) =>
        obj["metadata"]!["managedFields"]!.Deserialize<List<V1ManagedFieldsEntry>>(KubeJson.Options)!;

    private static string FieldsV1(JsonObject obj, string manager) =>
        JsonSerializer.Serialize(Entries(obj).Single(e => e.Manager == manager).FieldsV1, KubeJson.Options);

    [Fact]
    public void Apply_OnNothing_OwnsEveryAppliedLeafInFieldsV1Encoding()
    {
        var result = Apply(null, Service("""[{"port":80,"targetPort":8080}]"""), "kubectl");

        var entry = Entries(result).Single();
        Assert.Equal(("kubectl", "Apply", "v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.Equal(Now, entry.Time);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:ports":{"k:{\u0022port\u0022:80,\u0022protocol\u0022:\u0022TCP\u0022}":{".":{},"f:port":{},"f:targetPort":{}}},"f:selector":{}}}""",
            FieldsV1(result, "kubectl"));
    }

    [Theory]
    // Same value from a second manager: shared ownership, no conflict.
    [InlineData(8080, false, null)]
    // A different value owned by someone else: a conflict naming owner and path.
    [InlineData(9090, false, "Apply failed with 1 conflict: conflict with \"a\": .spec.ports[port=80,protocol=\"TCP\"].targetPort")]
    // Forced: no conflict, the field changes hands.
    [InlineData(9090, true, null)]
    public void Apply_BySecondManager_SharesConflictsOrForces(int targetPort, bool force, string? conflict)
    {
        var first = Apply(null, Service("""[{"port":80,"targetPort":8080}]"""), "a");
        var config = Service($$"""[{"port":80,"targetPort":{{targetPort}}}]""");

        if (conflict is not null)
        {
            var e = Assert.Throws<ApiException>(() => Apply(first, config, "b", force));
            Assert.Equal(409, e.Status.Code);
            Assert.Equal(conflict, e.Status.Message);
            var cause = Assert.Single(e.Status.Details.Causes);
            Assert.Equal(("FieldManagerConflict", "conflict with \"a\"", ".spec.ports[port=80,protocol=\"TCP\"].targetPort"), (cause.Reason, cause.Message, cause.Field));
            return;
        }
        var second = Apply(first, config, "b", force);
        Assert.Equal(targetPort, second["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
        var aOwns = FieldsV1(second, "a").Contains("f:targetPort");
        Assert.Equal(!force, aOwns);
        Assert.Contains("f:targetPort", FieldsV1(second, "b"));
    }

    [Fact]
    public void Apply_DroppedField_IsRemovedWhenNobodyElseOwnsIt()
    {
        var first = Apply(null, Service("""[{"port":80,"targetPort":8080}]""", ""","sessionAffinity":"ClientIP" """), "a");
        var second = Apply(first, Service("""[{"port":80}]"""), "a");

        Assert.Null(second["spec"]!["sessionAffinity"]);
        Assert.Null(second["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public void Apply_DroppedField_StaysWhileAnotherManagerOwnsIt()
    {
        var first = Apply(null, Service("""[{"port":80,"targetPort":8080}]"""), "a");
        var shared = Apply(first, Service("""[{"port":80,"targetPort":8080}]"""), "b");
        var dropped = Apply(shared, Service("""[{"port":80}]"""), "a");

        Assert.Equal(8080, dropped["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
        Assert.DoesNotContain("f:targetPort", FieldsV1(dropped, "a"));
    }

    [Fact]
    public void Apply_ListMap_MergesItemsByKeyAndRemovesDroppedItems()
    {
        var first = Apply(null, Service("""[{"port":80},{"port":443}]"""), "a");
        var other = Apply(first, Service("""[{"port":8080}]"""), "b");
        var dropped = Apply(other, Service("""[{"port":80}]"""), "a");

        var ports = dropped["spec"]!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<int>()).ToArray();
        Assert.Equal([80, 8080], ports);
    }

    [Fact]
    public void Apply_AtomicMap_IsReplacedWholeAndOwnedAsOneField()
    {
        var first = Apply(null, Service("[]", ""), "a");
        var config = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"tier":"db"}}}""")!.AsObject();

        var e = Assert.Throws<ApiException>(() => Apply(first, config, "b"));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"a\": .spec.selector", e.Status.Message);
        var forced = Apply(first, config, "b", force: true);
        Assert.Equal("""{"tier":"db"}""", forced["spec"]!["selector"]!.ToJsonString());
    }

    [Fact]
    public void Apply_AtomicList_IsReplacedWhole()
    {
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","args":[ARGS]}]}}""";
        var first = FieldManager.Apply(null, JsonNode.Parse(pod.Replace("ARGS", "\"a\",\"b\""))!.AsObject(), typeof(V1Pod), "m", false, "v1", Now);
        var second = FieldManager.Apply(first, JsonNode.Parse(pod.Replace("ARGS", "\"c\""))!.AsObject(), typeof(V1Pod), "m", false, "v1", Now);

        Assert.Equal("""["c"]""", second["spec"]!["containers"]![0]!["args"]!.ToJsonString());
        Assert.Contains("\"k:{\\u0022name\\u0022:\\u0022c\\u0022}\":{\".\":{},\"f:args\":{},\"f:image\":{},\"f:name\":{}}", FieldsV1(second, "m"));
    }

    [Fact]
    public void Conflicts_WithSeveralManagers_AreGroupedByManagerInOrder()
    {
        var a = Apply(null, Service("""[{"port":80,"targetPort":1}]"""), "z");
        var b = Apply(a, JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"sessionAffinity":"None"}}""")!.AsObject(), "a");
        var config = Service("""[{"port":80,"targetPort":2}]""", ""","sessionAffinity":"ClientIP" """);

        var e = Assert.Throws<ApiException>(() => Apply(b, config, "m"));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.sessionAffinity\nconflicts with \"z\":\n- .spec.ports[port=80,protocol=\"TCP\"].targetPort", e.Status.Message);
        Assert.Equal(2, e.Status.Details.Causes.Count);
    }

    [Fact]
    public void Update_RecordsChangedFieldsAndTakesThemFromOthers()
    {
        var applied = Apply(null, Service("""[{"port":80,"targetPort":8080}]"""), "kubectl");
        var updated = (JsonObject)applied.DeepClone();
        updated["spec"]!["ports"]![0]!["targetPort"] = 9090;
        updated["metadata"]!["annotations"] = new JsonObject { ["note"] = "x" };
        var before = applied.Deserialize<V1Service>(KubeJson.Options)!.Metadata.ManagedFields;

        var entries = FieldManager.RecordUpdate(before, applied, updated, typeof(V1Service), "editor", "v1", null, Now)!;

        var editor = entries.Single(e => e.Manager == "editor");
        Assert.Equal(("Update", (string?)null), (editor.Operation, editor.Subresource));
        Assert.Equal("""{"f:metadata":{"f:annotations":{".":{},"f:note":{}}},"f:spec":{"f:ports":{"k:{\u0022port\u0022:80,\u0022protocol\u0022:\u0022TCP\u0022}":{"f:targetPort":{}}}}}""",
            JsonSerializer.Serialize(editor.FieldsV1, KubeJson.Options));
        Assert.DoesNotContain("f:targetPort", JsonSerializer.Serialize(entries.Single(e => e.Manager == "kubectl").FieldsV1, KubeJson.Options));
    }

    [Fact]
    public void Update_ThroughStatus_IsRecordedWithItsSubresource()
    {
        var live = Service("[]");
        var updated = (JsonObject)live.DeepClone();
        updated["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}""");

        var entries = FieldManager.RecordUpdate(null, live, updated, typeof(V1Service), "kube-controller-manager", "v1", "status", Now)!;

        var entry = Assert.Single(entries);
        Assert.Equal("status", entry.Subresource);
        Assert.Equal("""{"f:status":{"f:loadBalancer":{"f:ingress":{}}}}""", JsonSerializer.Serialize(entry.FieldsV1, KubeJson.Options));
    }

    [Fact]
    public void Update_ThatChangesNothing_KeepsEntriesUntouched()
    {
        var applied = Apply(null, Service("[]"), "kubectl");
        var entries = applied.Deserialize<V1Service>(KubeJson.Options)!.Metadata.ManagedFields;

        Assert.Same(entries, FieldManager.RecordUpdate(entries, applied, applied, typeof(V1Service), "x", "v1", null, Now.AddHours(1)));
    }

    [Theory]
    [InlineData("""{"f:a":{".":{},"f:b":{}},"f:c":{}}""")]
    [InlineData("""{"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}}}}""")]
    public void FieldsV1_RoundTrips(string json)
    {
        var set = FieldSet.FromFieldsV1(JsonNode.Parse(json));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), set.ToFieldsV1()));
    }

    [Theory]
    [InlineData(new[] { "f:spec", "k:{\"port\":80,\"protocol\":\"TCP\"}", "f:targetPort" }, ".spec[port=80,protocol=\"TCP\"].targetPort")]
    [InlineData(new[] { "f:metadata", "f:finalizers", "v:\"x\"" }, ".metadata.finalizers[=\"x\"]")]
    [InlineData(new[] { "f:a", "i:3" }, ".a[3]")]
    public void Describe_PrintsPathsAsStructuredMergeDiff(string[] path, string text) =>
        Assert.Equal(text, StructuredMerge.Describe(path));
}
