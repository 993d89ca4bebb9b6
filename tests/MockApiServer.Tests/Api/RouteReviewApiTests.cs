using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Resources.RouteReviews;
using MockApiServer.Tests.Networking.Routing;
using static MockApiServer.Tests.Networking.Routing.RoutingObjects;

namespace MockApiServer.Tests.Api;

public sealed class RouteReviewApiTests(RoutingServerFactory factory) : IClassFixture<RoutingServerFactory>
{
    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = factory.CreateClient();

    private ClusterSeed Seed => new(_client);

    /// <summary>A service named <paramref name="name"/> with one pod per node at port 5000, as the seed's frontend-svc.</summary>
    private async Task<V1Service> FrontendAsync(string name, int nodePort, Action<V1Service>? shape = null, int perNode = 1)
    {
        await Seed.NodesAsync(3);
        var svc = Service(name, "", Port(null, 80, 5000, nodePort: nodePort)).NodePort();
        shape?.Invoke(svc);
        var created = await Seed.ServiceAsync(svc);
        var endpoints = Enumerable.Range(1, 3).SelectMany(k => Enumerable.Range(0, perNode).Select(i =>
            Endpoint($"10.244.{k}.{nodePort % 200 + i}", $"node-{k}", $"{name}-{k}{i}"))).ToArray();
        await Seed.SliceAsync(Slice(created, "", 5000, endpoints));
        return created;
    }

    [Fact]
    public async Task ClusterIp_LandsOnOneOfThePods()
    {
        var svc = await FrontendAsync("frontend-svc", 32233);

        var review = await Seed.ReviewAsync(new RouteReviewSpec { Destination = $"{svc.Spec.ClusterIP}:80", SourceIp = "10.244.1.77" });

        var status = review.Status!;
        Assert.True(status.Routed);
        Assert.Equal("frontend-svc", status.Service!.Name);
        Assert.Equal("ClusterIP", status.Service.Frontend);
        Assert.Equal("node-1", status.Node);
        Assert.Equal(3, status.Candidates!.Count);
        Assert.All(status.Candidates, c => Assert.Equal(1.0 / 3, c.Probability!.Value, 12));
        Assert.Equal(5000, status.Endpoint!.Port);
        Assert.Contains(status.Endpoint.Pod, status.Candidates.Select(c => c.Pod));
        Assert.Equal(["node-1", "KUBE-SERVICES", "KUBE-SVC-", "KUBE-SEP-"], status.Hops!.Select(h => h.Name!.StartsWith("KUBE-S", StringComparison.Ordinal) && h.Name.Length > 20 ? h.Name[..9] : h.Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task NodePort_OnEveryNodesIp_LandsOnAPodAtPort5000(int k)
    {
        await FrontendAsync($"np{k}", 32000 + k);

        var review = await Seed.ReviewAsync(new RouteReviewSpec { Destination = $"172.18.0.{k + 1}:{32000 + k}", SourceIp = "192.168.1.10" });

        Assert.True(review.Status!.Routed);
        Assert.Equal("NodePort", review.Status.Service!.Frontend);
        Assert.Equal($"node-{k}", review.Status.Node);
        Assert.Contains(review.Status.Hops!, h => h.Name == "KUBE-NODEPORTS");
        Assert.Equal(5000, review.Status.Endpoint!.Port);
    }

    [Fact]
    public async Task ExternalIp_AndLoadBalancerIp_AreRouted()
    {
        await FrontendAsync("ext", 32100, s => s.Spec.ExternalIPs = ["203.0.113.9"]);
        await Seed.NodesAsync(3);
        var lb = await Seed.ServiceAsync(Service("lb", "", Port("http", 80, 8080)).LoadBalancer("198.51.100.30"));
        await Seed.SliceAsync(Slice(lb, "http", 8080, Endpoint("10.244.2.40", "node-2", "lb-0")));

        var external = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "203.0.113.9:80", SourceIp = "192.168.1.10" });
        var balanced = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "http://198.51.100.30/", SourceIp = "192.168.1.10" });

        Assert.Equal("ExternalIP", external.Status!.Service!.Frontend);
        Assert.True(external.Status.Routed);
        Assert.Equal("LoadBalancer", balanced.Status!.Service!.Frontend);
        Assert.Equal("10.244.2.40", balanced.Status.Endpoint!.Ip);
    }

    [Fact]
    public async Task ClientIpAffinity_SameClientKeepsItsEndpoint()
    {
        var svc = await FrontendAsync("sticky", 32150, s => s.ClientIpAffinity(300));

        var answers = new List<RouteReview>();
        for (var i = 0; i < 10; i++) answers.Add(await Seed.ReviewAsync(new RouteReviewSpec { Destination = $"{svc.Spec.ClusterIP}:80", SourceIp = "10.244.3.99" }));

        Assert.Single(answers.Select(a => a.Status!.Endpoint!.Ip).Distinct());
        Assert.False(answers[0].Status!.Sticky);
        Assert.All(answers.Skip(1), a => Assert.True(a.Status!.Sticky));
        Assert.Equal(300, answers[0].Status!.Service!.SessionAffinityTimeoutSeconds);
    }

    [Fact]
    public async Task ExternalTrafficPolicyLocal_DropsOnNodesWithoutAPod()
    {
        await Seed.NodesAsync(3);
        var svc = await Seed.ServiceAsync(Service("local", "", Port(null, 80, 5000, nodePort: 32200)).NodePort("Local"));
        await Seed.SliceAsync(Slice(svc, "", 5000, Endpoint("10.244.1.60", "node-1", "local-0")));

        var onNode1 = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "172.18.0.2:32200", SourceIp = "192.168.1.10" });
        var onNode2 = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "172.18.0.3:32200", SourceIp = "192.168.1.10" });

        Assert.True(onNode1.Status!.Routed);
        Assert.StartsWith("KUBE-SVL-", onNode1.Status.Hops![^2].Name);
        Assert.False(onNode2.Status!.Routed);
        Assert.Equal("NoLocalEndpoints", onNode2.Status.Reason);
    }

    [Fact]
    public async Task InternalTrafficPolicyLocal_FromAPodOnAnotherNode_IsDropped()
    {
        await Seed.NodesAsync(3);
        var svc = await Seed.ServiceAsync(Service("itp", "", Port(null, 80, 5000)).WithInternalPolicyLocal());
        await Seed.SliceAsync(Slice(svc, "", 5000, Endpoint("10.244.1.61", "node-1", "itp-0")));
        await Seed.PodAsync("default", "client-on-2", "node-2", "10.244.2.61");
        await Seed.PodAsync("default", "client-on-1", "node-1", "10.244.1.62");

        var fromNode2 = await Seed.ReviewAsync(new RouteReviewSpec { Destination = $"{svc.Spec.ClusterIP}:80", SourcePod = new() { Namespace = "default", Name = "client-on-2" } });
        var fromNode1 = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "itp:80", SourcePod = new() { Namespace = "default", Name = "client-on-1" } });

        Assert.Equal("NoLocalEndpoints", fromNode2.Status!.Reason);
        Assert.Equal("node-2", fromNode2.Status.Node);
        Assert.True(fromNode1.Status!.Routed);
        Assert.Equal("itp-0", fromNode1.Status.Endpoint!.Pod);
    }

    [Fact]
    public async Task ServiceWithoutEndpoints_IsRejected()
    {
        var svc = await Seed.ServiceAsync(Service("empty", "", Port("http", 80, 8080)));

        var review = await Seed.ReviewAsync(new RouteReviewSpec { Destination = $"{svc.Spec.ClusterIP}:80" });

        Assert.False(review.Status!.Routed);
        Assert.Equal("NoEndpoints", review.Status.Reason);
        Assert.Equal("filter", review.Status.Hops![^1].Table);
    }

    [Fact]
    public async Task DnsNames_ResolveShortNamespacedAndFullForms()
    {
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "my-ns" } });
        await Seed.NodesAsync(3);
        var redis = await Seed.ServiceAsync(Service("my-ns", "redis-master", "", Port(null, 6379, 6379)));
        await Seed.SliceAsync(Slice(redis, "", 6379, Endpoint("10.244.2.70", "node-2", "redis-0")));
        await Seed.PodAsync("my-ns", "app", "node-1", "10.244.1.70");

        var shortName = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "redis-master:6379", SourcePod = new() { Namespace = "my-ns", Name = "app" } });
        var crossNamespace = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "redis-master.my-ns:6379", SourceIp = "10.244.3.70" });
        var full = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "redis-master.my-ns.svc.cluster.local:6379" });
        var wrongNamespace = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "redis-master:6379" });

        Assert.All([shortName, crossNamespace, full], r => Assert.Equal("10.244.2.70", r.Status!.Endpoint!.Ip));
        Assert.Equal($"{redis.Spec.ClusterIP}:6379", full.Status!.Destination);
        Assert.Equal("NotResolved", wrongNamespace.Status!.Reason);
    }

    [Fact]
    public async Task HeadlessAndExternalName_AreNotProxied()
    {
        await Seed.ServiceAsync(Service("headless", "None", Port("pg", 5432, 5432)));
        var external = Service("external", "", Port(null, 443, 443));
        external.Spec.Type = "ExternalName";
        external.Spec.ExternalName = "example.com";
        external.Spec.Selector = null;
        external.Spec.ClusterIP = null;
        external.Spec.ClusterIPs = null;
        external.Spec.InternalTrafficPolicy = null;
        await _client.CoreV1.CreateNamespacedServiceAsync(external, "default");

        var headless = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "headless:5432" });
        var cname = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "external.default.svc.cluster.local:443" });

        Assert.Equal("NotProxied", headless.Status!.Reason);
        Assert.Equal("NotProxied", cname.Status!.Reason);
        Assert.Contains("example.com", cname.Status.Message);
    }

    [Fact]
    public async Task UnknownAddress_IsNoSuchAddress()
    {
        var review = await Seed.ReviewAsync(new RouteReviewSpec { Destination = "10.99.99.99:80" });

        Assert.Equal("NoSuchAddress", review.Status!.Reason);
    }

    [Fact]
    public async Task InvalidSpec_Is422WithFieldPaths()
    {
        var response = await _http.PostAsync("/apis/mockapi.dev/v1/routereviews",
            new StringContent("""{"apiVersion":"mockapi.dev/v1","kind":"RouteReview","spec":{"destination":"nowhere","protocol":"ICMP"}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("spec.destination", body);
        Assert.Contains("spec.protocol", body);
    }

    [Fact]
    public async Task Review_IsCreateOnly_AndStoresNothing()
    {
        var post = await _http.PostAsync("/apis/mockapi.dev/v1/routereviews",
            new StringContent("""{"apiVersion":"mockapi.dev/v1","kind":"RouteReview","metadata":{"name":"r1"},"spec":{"destination":"10.1.1.1:80"}}""", System.Text.Encoding.UTF8, "application/json"));
        var list = await _http.GetAsync("/apis/mockapi.dev/v1/routereviews");
        var get = await _http.GetAsync("/apis/mockapi.dev/v1/routereviews/r1");

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Discovery_ListsRouteReviewsWithOnlyCreate()
    {
        var resources = JsonDocument.Parse(await _http.GetStringAsync("/apis/mockapi.dev/v1")).RootElement.GetProperty("resources");
        var groups = await _client.Apis.GetAPIVersionsAsync();

        var reviews = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "routereviews");
        Assert.Equal("RouteReview", reviews.GetProperty("kind").GetString());
        Assert.False(reviews.GetProperty("namespaced").GetBoolean());
        Assert.Equal(["create"], reviews.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains(groups.Groups, g => g.Name == "mockapi.dev");
    }
}
