using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class PodBindingTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private static V1Binding Binding(string pod, string node) => new()
    {
        ApiVersion = "v1",
        Kind = "Binding",
        Metadata = new V1ObjectMeta { Name = pod },
        Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
    };

    private Task<HttpResponseMessage> PostAsync(string pod, V1Binding binding) =>
        _http.PostAsync($"/api/v1/namespaces/default/pods/{pod}/binding", new StringContent(KubernetesJson.Serialize(binding), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Bind_UnboundPod_SetsNodeNameAndPodScheduled_AndAnswers201Success()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("bind-me"), "default");

        using var response = await PostAsync("bind-me", Binding("bind-me", "node-2"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync());
        Assert.Equal(("Status", "Success", 201), (status.Kind, status.Status, status.Code));
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("bind-me", "default");
        Assert.Equal("node-2", pod.Spec.NodeName);
        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Status);
    }

    [Fact]
    public async Task Bind_ThroughTheOfficialClient_Works()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("client-bound"), "default");

        await _client.CoreV1.CreateNamespacedPodBindingAsync(Binding("client-bound", "node-1"), "client-bound", "default");

        Assert.Equal("node-1", (await _client.CoreV1.ReadNamespacedPodAsync("client-bound", "default")).Spec.NodeName);
    }

    [Fact]
    public async Task Bind_AlreadyBoundPod_IsConflict()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("bound-once"), "default");
        (await PostAsync("bound-once", Binding("bound-once", "node-1"))).Dispose();

        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodBindingAsync(Binding("bound-once", "node-3"), "bound-once", "default"),
            409, "Conflict", "Operation cannot be fulfilled on pods \"bound-once\": pod bound-once is already assigned to node \"node-1\"");
    }

    [Fact]
    public async Task Bind_MissingPod_IsNotFound()
    {
        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedPodBindingAsync(Binding("ghost", "node-1"), "ghost", "default"),
            404, "NotFound", "pods \"ghost\" not found");
    }

    [Fact]
    public async Task Discovery_ListsPodsBinding()
    {
        var resources = await _client.CoreV1.GetAPIResourcesAsync();

        var binding = resources.Resources.Single(r => r.Name == "pods/binding");
        Assert.Equal("Binding", binding.Kind);
        Assert.Equal(["create"], binding.Verbs);
    }
}
