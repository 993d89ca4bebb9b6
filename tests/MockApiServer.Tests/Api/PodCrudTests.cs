using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class PodCrudTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    [Fact]
    public async Task Create_Pod_SetsUidTimestampGenerationAndResourceVersion()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("meta-1"), "default");

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(0, created.Metadata.CreationTimestamp!.Value.Millisecond);
        Assert.True(long.Parse(created.Metadata.ResourceVersion) > 0);
        Assert.Equal("Pending", created.Status.Phase);
        Assert.Equal("v1", created.ApiVersion);
        Assert.Equal("Pod", created.Kind);
    }

    [Fact]
    public async Task Create_ExistingName_IsAlreadyExists()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("twice"), "default");

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("twice"), "default"),
            409, "AlreadyExists", "pods \"twice\" already exists");
        Assert.Equal("pods", status.Details.Kind);
        Assert.Equal("twice", status.Details.Name);
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNamespaceNotFound()
    {
        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("lost"), "nowhere"),
            404, "NotFound", "namespaces \"nowhere\" not found");
    }

    [Fact]
    public async Task Create_BodyNamespaceDisagreesWithUrl_IsBadRequest()
    {
        var pod = Objects.Pod("misplaced");
        pod.Metadata.NamespaceProperty = "kube-system";

        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(pod, "default"),
            400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task Create_WithGenerateName_AddsFiveCharacterSuffix()
    {
        var pod = Objects.Pod(null!);
        pod.Metadata.GenerateName = "gen-";

        var created = await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task Create_WithoutName_RequiresNameOrGenerateName()
    {
        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod(null!), "default"), 422, "Invalid");

        Assert.Contains(status.Details.Causes, c => c.Field == "metadata.name" && c.Message == "Required value: name or generateName is required");
    }

    [Fact]
    public async Task Get_MissingPod_IsNotFound()
    {
        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.ReadNamespacedPodAsync("ghost", "default"), 404, "NotFound", "pods \"ghost\" not found");
        Assert.Equal("pods", status.Details.Kind);
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_IsConflict()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("stale"), "default");
        created.Metadata.Labels = Objects.Labels(("v", "1"));
        await _client.CoreV1.ReplaceNamespacedPodAsync(created, "stale", "default");

        created.Metadata.Labels = Objects.Labels(("v", "2"));
        await StatusAssert.FailsAsync(() => _client.CoreV1.ReplaceNamespacedPodAsync(created, "stale", "default"), 409, "Conflict",
            "Operation cannot be fulfilled on pods \"stale\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task Update_NameDisagreesWithUrl_IsBadRequest()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("named"), "default");
        created.Metadata.Name = "other";

        await StatusAssert.FailsAsync(() => _client.CoreV1.ReplaceNamespacedPodAsync(created, "named", "default"), 400, "BadRequest",
            "the name of the object (other) does not match the name on the URL (named)");
    }

    [Fact]
    public async Task Update_ThatChangesNothing_KeepsResourceVersion()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("same"), "default");

        var updated = await _client.CoreV1.ReplaceNamespacedPodAsync(created, "same", "default");

        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Update_LabelsOnly_ChangesResourceVersionButNotGeneration()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("labels"), "default");
        created.Metadata.Labels = Objects.Labels(("tier", "web"));

        var updated = await _client.CoreV1.ReplaceNamespacedPodAsync(created, "labels", "default");

        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task Update_Spec_BumpsGeneration()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("spec"), "default");
        created.Spec.Containers[0].Image = "nginx:1.28";

        var updated = await _client.CoreV1.ReplaceNamespacedPodAsync(created, "spec", "default");

        Assert.Equal(2, updated.Metadata.Generation);
    }

    [Fact]
    public async Task Update_MainResource_IgnoresStatusChanges()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("split"), "default");
        created.Status.Phase = "Running";
        created.Metadata.Labels = Objects.Labels(("x", "y"));

        var updated = await _client.CoreV1.ReplaceNamespacedPodAsync(created, "split", "default");

        Assert.Equal("Pending", updated.Status.Phase);
        Assert.Equal("y", updated.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task UpdateStatus_IgnoresSpecAndLabelChanges()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("status"), "default");
        created.Status.Phase = "Running";
        created.Spec.Containers[0].Image = "busybox";
        created.Metadata.Labels = Objects.Labels(("x", "y"));

        var updated = await _client.CoreV1.ReplaceNamespacedPodStatusAsync(created, "status", "default");

        Assert.Equal("Running", updated.Status.Phase);
        Assert.Equal("nginx:1.27", updated.Spec.Containers[0].Image);
        Assert.Null(updated.Metadata.Labels);
    }

    [Fact]
    public async Task ListAcrossNamespaces_IncludesEveryNamespace()
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("other-ns"));
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("here"), "default");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("there"), "other-ns");

        var all = await _client.CoreV1.ListPodForAllNamespacesAsync();

        Assert.Contains(all.Items, p => p.Metadata.Name == "here" && p.Metadata.NamespaceProperty == "default");
        Assert.Contains(all.Items, p => p.Metadata.Name == "there" && p.Metadata.NamespaceProperty == "other-ns");
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksThenRemovesWhenFinalizerCleared()
    {
        var pod = Objects.Pod("final");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        await _client.CoreV1.DeleteNamespacedPodAsync("final", "default");
        var marked = await _client.CoreV1.ReadNamespacedPodAsync("final", "default");
        Assert.NotNull(marked.Metadata.DeletionTimestamp);

        marked.Metadata.Finalizers = [];
        await _client.CoreV1.ReplaceNamespacedPodAsync(marked, "final", "default");
        await StatusAssert.FailsAsync(() => _client.CoreV1.ReadNamespacedPodAsync("final", "default"), 404, "NotFound");
    }

    [Fact]
    public async Task Delete_WithWrongUidPrecondition_IsConflict()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pre"), "default");
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } };

        await StatusAssert.FailsAsync(() => _client.CoreV1.DeleteNamespacedPodAsync("pre", "default", options), 409, "Conflict",
            $"Operation cannot be fulfilled on pods \"pre\": Precondition failed: UID in precondition: not-the-uid, UID in object meta: {created.Metadata.Uid}");
    }

    [Fact]
    public async Task Delete_WithUnknownPropagationPolicy_IsInvalid()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("policy"), "default");

        await StatusAssert.FailsAsync(() => _client.CoreV1.DeleteNamespacedPodAsync("policy", "default", propagationPolicy: "Sometimes"), 422, "Invalid");
    }

    [Fact]
    public async Task DeleteCollection_BySelector_DeletesOnlyMatches()
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("sweep"));
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a", Objects.Labels(("app", "x"))), "sweep");
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("b", Objects.Labels(("app", "y"))), "sweep");

        await _client.CoreV1.DeleteCollectionNamespacedPodAsync("sweep", labelSelector: "app=x");

        var left = await _client.CoreV1.ListNamespacedPodAsync("sweep");
        Assert.Equal(["b"], left.Items.Select(p => p.Metadata.Name));
    }
}
