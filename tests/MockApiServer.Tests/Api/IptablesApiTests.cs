using System.Net;
using k8s;
using MockApiServer.Tests.Infrastructure;
using MockApiServer.Tests.Networking.Routing;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Api;

public sealed class IptablesApiTests(RoutingServerFactory factory) : IClassFixture<RoutingServerFactory>
{
    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private Task<string> IptablesAsync(string node) => _http.GetStringAsync($"/apis/mockapi.dev/v1/nodes/{node}/iptables");

    [Fact]
    public async Task Iptables_ForANode_IsIptablesSaveTextWithTheServicesRules()
    {
        var seed = new ClusterSeed(_client);
        await seed.NodesAsync(3);
        var web = await seed.ServiceAsync(Service("web", "", Port("http", 80, 8080, nodePort: 30080)).NodePort());
        await seed.SliceAsync(Slice(web, "http", 8080, Endpoint("10.244.1.5", "node-1", "web-a"), Endpoint("10.244.2.7", "node-2", "web-b")));

        var response = await _http.GetAsync("/apis/mockapi.dev/v1/nodes/node-1/iptables");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("*filter\n", text);
        Assert.Contains($"-A KUBE-SERVICES -d {web.Spec.ClusterIP}/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL\n", text);
        Assert.Contains("-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-AFGSLHOD2HFNCBX4\n", text);
        Assert.Contains("-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL\n", text);
        Assert.Contains("-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n", text);
    }

    [Fact]
    public async Task Iptables_AfterTheServiceIsDeleted_HasNothingLeftOfIt()
    {
        var seed = new ClusterSeed(_client);
        await seed.NodesAsync(1);
        var gone = await seed.ServiceAsync(Service("gone", "", Port("http", 80, 8080)));
        await seed.SliceAsync(Slice(gone, "http", 8080, Endpoint("10.244.1.30", "node-1", "gone-a")));
        var before = await IptablesAsync("node-1");

        await _client.CoreV1.DeleteNamespacedServiceAsync("gone", "default");
        var after = await IptablesAsync("node-1");

        Assert.Contains("default/gone:http", before);
        Assert.DoesNotContain("default/gone", after);
        Assert.DoesNotContain(gone.Spec.ClusterIP + "/32", after);
    }

    [Fact]
    public async Task Iptables_ForAnUnknownNode_Is404Status()
    {
        var response = await _http.GetAsync("/apis/mockapi.dev/v1/nodes/no-such-node/iptables");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var status = k8s.KubernetesJson.Deserialize<k8s.Models.V1Status>(await response.Content.ReadAsStringAsync());
        Assert.Equal(("NotFound", "nodes \"no-such-node\" not found"), (status.Reason, status.Message));
    }

    [Fact]
    public async Task RoutingController_RebuildsTheTableAfterChanges()
    {
        var seed = new ClusterSeed(_client);
        await seed.NodesAsync(1);
        var controller = (MockApiServer.Controllers.RoutingController)factory.Services.GetService(typeof(MockApiServer.Controllers.RoutingController))!;
        await seed.ServiceAsync(Service("watched", "", Port("http", 80, 8080)));

        var table = await Poll.UntilAsync(() => Task.FromResult(controller.Current), t => t.RoutesOf("default", "watched").Count == 1);

        Assert.NotNull(table.Node("node-1"));
    }
}
