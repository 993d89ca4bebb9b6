using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class NamespaceApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    [Fact]
    public async Task List_OnFirstStart_HasTheFourSystemNamespacesActiveAndLabelled()
    {
        var list = await _client.CoreV1.ListNamespaceAsync();

        var names = list.Items.Select(n => n.Metadata.Name).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" });
        var ns = list.Items.Single(n => n.Metadata.Name == "kube-system");
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal("kube-system", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Delete_SystemNamespace_IsForbidden(string name)
    {
        await StatusAssert.FailsAsync(() => _client.CoreV1.DeleteNamespaceAsync(name), 403, "Forbidden",
            $"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
    }

    [Fact]
    public async Task Delete_Namespace_TerminatesRemovesContentsThenGoes()
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("doomed"));
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p1"), "doomed");

        var deleting = await _client.CoreV1.DeleteNamespaceAsync("doomed");

        await Poll.UntilAsync(async () => (await _client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "doomed"), present => !present);
        Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync("doomed")).Items);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_IsForbidden()
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("ending"));
        var pod = Objects.Pod("keep");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "ending");
        await _client.CoreV1.DeleteNamespaceAsync("ending");

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("late"), "ending"), 403, "Forbidden",
            "pods \"late\" is forbidden: unable to create new content in namespace ending because it is being terminated");
        Assert.Equal("NamespaceTerminating", status.Details.Causes.Single().Reason);

        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "keep", "ending");
        await Poll.UntilAsync(async () => (await _client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "ending"), present => !present);
    }

    [Fact]
    public async Task Create_InvalidNamespaceName_IsInvalidWithFieldPath()
    {
        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("Bad_Name")), 422, "Invalid");

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("metadata.name", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);
        Assert.StartsWith("Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of", cause.Message);
        Assert.Equal("Namespace", status.Details.Kind);
    }
}
