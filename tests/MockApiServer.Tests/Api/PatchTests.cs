using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class PatchTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Service> ServiceAsync(string name)
    {
        var svc = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Objects.Labels(("app", "web")) },
            Spec = new V1ServiceSpec
            {
                Type = "NodePort",
                Selector = Objects.Labels(("app", "web")),
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080 }, new V1ServicePort { Name = "metrics", Port = 9090 }],
            },
        };
        return await _client.CoreV1.CreateNamespacedServiceAsync(svc, "default");
    }

    [Fact]
    public async Task StrategicMergePatch_MergesPortsByPortKeepingNodePorts()
    {
        var created = await ServiceAsync("smp");
        var patch = new V1Patch("{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8081}]}}", V1Patch.PatchType.StrategicMergePatch);

        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "smp", "default");

        Assert.Equal(2, patched.Spec.Ports.Count);
        Assert.Equal("8081", patched.Spec.Ports[0].TargetPort.Value);
        Assert.Equal(created.Spec.Ports[0].NodePort, patched.Spec.Ports[0].NodePort);
        Assert.Equal("TCP", patched.Spec.Ports[0].Protocol);
    }

    [Fact]
    public async Task MergePatch_ReplacesListsAndNullDeletes()
    {
        await ServiceAsync("merge");
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"app\":null,\"tier\":\"front\"}}}", V1Patch.PatchType.MergePatch);

        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "merge", "default");

        Assert.Equal(Objects.Labels(("tier", "front")), patched.Metadata.Labels);
    }

    [Fact]
    public async Task JsonPatch_AppliesOperationsInOrder()
    {
        await ServiceAsync("json");
        var patch = new V1Patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/x\",\"value\":\"1\"},{\"op\":\"test\",\"path\":\"/metadata/labels/x\",\"value\":\"1\"},{\"op\":\"remove\",\"path\":\"/metadata/labels/app\"}]",
            V1Patch.PatchType.JsonPatch);

        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "json", "default");

        Assert.Equal(Objects.Labels(("x", "1")), patched.Metadata.Labels);
    }

    [Fact]
    public async Task JsonPatch_FailingTest_IsInvalidAndWritesNothing()
    {
        var created = await ServiceAsync("json-test");
        var patch = new V1Patch("[{\"op\":\"test\",\"path\":\"/metadata/labels/app\",\"value\":\"nope\"}]", V1Patch.PatchType.JsonPatch);

        await StatusAssert.FailsAsync(() => _client.CoreV1.PatchNamespacedServiceAsync(patch, "json-test", "default"), 422, "Invalid");
        var after = await _client.CoreV1.ReadNamespacedServiceAsync("json-test", "default");
        Assert.Equal(created.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Patch_ThatChangesNothing_KeepsResourceVersion()
    {
        var created = await ServiceAsync("noop");
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"web\"}}}", V1Patch.PatchType.StrategicMergePatch);

        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "noop", "default");

        Assert.Equal(created.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersionInside_IsConflict()
    {
        var created = await ServiceAsync("precondition");
        await _client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("{\"metadata\":{\"labels\":{\"v\":\"1\"}}}", V1Patch.PatchType.MergePatch), "precondition", "default");
        var stale = new V1Patch($"{{\"metadata\":{{\"resourceVersion\":\"{created.Metadata.ResourceVersion}\",\"labels\":{{\"v\":\"2\"}}}}}}", V1Patch.PatchType.MergePatch);

        await StatusAssert.FailsAsync(() => _client.CoreV1.PatchNamespacedServiceAsync(stale, "precondition", "default"), 409, "Conflict");
    }

    [Fact]
    public async Task Patch_DryRun_ReturnsResultButWritesNothing()
    {
        var created = await ServiceAsync("dry-patch");
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"dry\":\"yes\"}}}", V1Patch.PatchType.MergePatch);

        var answer = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "dry-patch", "default", dryRun: "All");

        Assert.Equal("yes", answer.Metadata.Labels["dry"]);
        var stored = await _client.CoreV1.ReadNamespacedServiceAsync("dry-patch", "default");
        Assert.False(stored.Metadata.Labels.ContainsKey("dry"));
        Assert.Equal(created.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchStatus_ChangesOnlyStatus()
    {
        await ServiceAsync("status-patch");
        var patch = new V1Patch("{\"spec\":{\"type\":\"ClusterIP\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Test\",\"message\":\"ok\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}",
            V1Patch.PatchType.MergePatch);

        var patched = await _client.CoreV1.PatchNamespacedServiceStatusAsync(patch, "status-patch", "default");

        Assert.Equal("NodePort", patched.Spec.Type);
        Assert.Equal("Ready", Assert.Single(patched.Status.Conditions).Type);
    }

    [Fact]
    public async Task Patch_MissingObject_IsNotFound()
    {
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch);
        await StatusAssert.FailsAsync(() => _client.CoreV1.PatchNamespacedServiceAsync(patch, "ghost", "default"), 404, "NotFound", "services \"ghost\" not found");
    }

    [Fact]
    public async Task ServerSideApply_CreatesThenMerges()
    {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"ssa\"},\"spec\":{\"ports\":[{\"port\":80}]}}";
        var created = await _client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "test");
        var again = body.Replace("\"ports\"", "\"selector\":{\"app\":\"x\"},\"ports\"");
        var updated = await _client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(again, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "test");

        Assert.Equal(created.Spec.ClusterIP, updated.Spec.ClusterIP);
        Assert.Equal("x", updated.Spec.Selector["app"]);
    }
}
