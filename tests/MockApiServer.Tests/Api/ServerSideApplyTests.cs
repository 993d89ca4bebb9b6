using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>Server-side apply and managedFields through the official client.</summary>
public sealed class ServerSideApplyTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    /// <summary>An applied Service (JSON, which is YAML: the client sends the patch body as JSON).</summary>
    private static V1Patch Yaml(string name, string ports, string extra = "") => new(
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"ports\":" + ports + extra + "}}",
        V1Patch.PatchType.ApplyPatch);

    [Fact]
    public async Task Apply_CreatesWithAnApplyEntry()
    {
        var created = await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-create", """[{"port":80,"targetPort":8080}]"""), "ssa-create", "default", fieldManager: "deployer");

        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal(("deployer", "Apply", "v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.Contains("f:targetPort", k8s.KubernetesJson.Serialize(entry.FieldsV1));
    }

    [Fact]
    public async Task Apply_WithoutFieldManager_Is422()
    {
        await StatusAssert.FailsAsync(() => _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-nomgr", """[{"port":80}]"""), "ssa-nomgr", "default"),
            422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }

    [Fact]
    public async Task Apply_ConflictingManager_Is409UntilForced()
    {
        await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-conflict", """[{"port":80,"targetPort":8080}]"""), "ssa-conflict", "default", fieldManager: "a");

        var status = await StatusAssert.FailsAsync(
            () => _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-conflict", """[{"port":80,"targetPort":9090}]"""), "ssa-conflict", "default", fieldManager: "b"),
            409, "Conflict", "Apply failed with 1 conflict: conflict with \"a\": .spec.ports[port=80,protocol=\"TCP\"].targetPort");
        Assert.Equal("FieldManagerConflict", Assert.Single(status.Details.Causes).Reason);

        var forced = await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-conflict", """[{"port":80,"targetPort":9090}]"""), "ssa-conflict", "default", fieldManager: "b", force: true);
        Assert.Equal("9090", forced.Spec.Ports[0].TargetPort.Value);
    }

    [Fact]
    public async Task Apply_DroppedField_IsRemoved()
    {
        await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-drop", """[{"name":"a","port":80},{"name":"b","port":81}]""", ""","sessionAffinity":"ClientIP" """), "ssa-drop", "default", fieldManager: "a");

        var applied = await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-drop", """[{"name":"a","port":80}]"""), "ssa-drop", "default", fieldManager: "a");

        Assert.Equal([80], applied.Spec.Ports.Select(p => p.Port));
        Assert.Equal("None", applied.Spec.SessionAffinity); // removed, then defaulted again
    }

    [Fact]
    public async Task DryRunApply_AnswersWithoutWriting()
    {
        await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-dry", """[{"port":80}]"""), "ssa-dry", "default", fieldManager: "a");

        var answer = await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-dry", """[{"port":81}]"""), "ssa-dry", "default", fieldManager: "a", dryRun: "All");

        Assert.Equal(81, answer.Spec.Ports[0].Port);
        Assert.Equal(80, (await _client.CoreV1.ReadNamespacedServiceAsync("ssa-dry", "default")).Spec.Ports[0].Port);
    }

    [Fact]
    public async Task Create_AndUpdate_RecordUpdateEntriesForTheirManagers()
    {
        var svc = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "ssa-update", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        };
        var created = await _client.CoreV1.CreateNamespacedServiceAsync(svc, "default", fieldManager: "creator");
        var createEntry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal(("creator", "Update"), (createEntry.Manager, createEntry.Operation));
        Assert.Contains("\"f:labels\":{\".\":{},\"f:app\":{}}", k8s.KubernetesJson.Serialize(createEntry.FieldsV1));

        var patch = new V1Patch("{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch);
        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "ssa-update", "default", fieldManager: "annotator");

        Assert.Equal(["creator", "annotator"], patched.Metadata.ManagedFields.Select(e => e.Manager));
        Assert.Contains("f:annotations", k8s.KubernetesJson.Serialize(patched.Metadata.ManagedFields[1].FieldsV1));
    }

    [Fact]
    public async Task ManagedFieldsOfOneEmptyEntry_ClearThem()
    {
        await _client.CoreV1.PatchNamespacedServiceAsync(Yaml("ssa-clear", """[{"port":80}]"""), "ssa-clear", "default", fieldManager: "a");

        var patch = new V1Patch("{\"metadata\":{\"managedFields\":[{}]}}", V1Patch.PatchType.MergePatch);
        var cleared = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "ssa-clear", "default");

        Assert.Null(cleared.Metadata.ManagedFields);
    }
}
