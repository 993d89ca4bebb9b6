using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>pods/proxy, services/proxy and nodes/proxy through the official client and plain HTTP, on a loopback socket.</summary>
public sealed class ProxyApiTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.BaseAddress };

    private async Task<V1Pod> AgnhostAsync(string name, string ip)
    {
        var pod = RunningPods.Pod(name, ("netexec", "registry.k8s.io/e2e-test-images/agnhost:2.53"));
        pod.Spec.Containers[0].Args = ["netexec"];
        return await RunningPods.CreateAsync(_client, pod, podIp: ip);
    }

    /// <summary>A selectorless Service whose Endpoints name the pod, as the endpoints controller would write them.</summary>
    private async Task ServiceAsync(string name, int port, int targetPort, params V1Pod[] pods)
    {
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http", Port = port, TargetPort = targetPort }] },
        }, "default");
        if (pods.Length == 0) return;
        await _client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = name },
            Subsets = [new V1EndpointSubset
            {
                Addresses = pods.Select(p => new V1EndpointAddress
                {
                    Ip = p.Status.PodIP,
                    TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = "default", Name = p.Metadata.Name },
                }).ToList(),
                Ports = [new Corev1EndpointPort { Name = "http", Port = targetPort }],
            }],
        }, "default");
    }

    private static async Task<V1Status> StatusOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<V1Status>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public async Task ServiceProxy_ByPortNumber_AnswersWithTheEndpointsNginxPage()
    {
        var pod = await RunningPods.CreateAsync(_client, RunningPods.Pod("proxy-nginx"), podIp: "10.244.1.21");
        await ServiceAsync("proxy-frontend", 80, 80, pod);

        await using var body = await _client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("proxy-frontend:80", "default", "");
        var page = await new StreamReader(body).ReadToEndAsync();

        Assert.Contains("<title>Welcome to nginx!</title>", page);
    }

    [Fact]
    public async Task ServiceProxy_NginxPath_PassesStatusAndServerHeaderThrough()
    {
        var pod = await RunningPods.CreateAsync(_client, RunningPods.Pod("proxy-nginx-404"), podIp: "10.244.1.22");
        await ServiceAsync("proxy-missing-page", 8080, 80, pod);

        var response = await _http.GetAsync("/api/v1/namespaces/default/services/proxy-missing-page:8080/proxy/nope.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("nginx/1.27.3", response.Headers.Server.ToString());
        Assert.Contains("<center><h1>404 Not Found</h1></center>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServiceProxy_WithoutEndpoints_Is503NoEndpointsAvailable()
    {
        await ServiceAsync("proxy-empty", 80, 80);
        await _client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "proxy-empty" } }, "default");

        var response = await _http.GetAsync("/api/v1/namespaces/default/services/proxy-empty:80/proxy/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var status = await StatusOf(response);
        Assert.Equal(("ServiceUnavailable", "no endpoints available for service \"proxy-empty\"", 503), (status.Reason, status.Message, status.Code));
    }

    [Fact]
    public async Task ServiceProxy_UnknownPortNumber_Is503NoServicePortFound()
    {
        await ServiceAsync("proxy-ports", 80, 80);

        var response = await _http.GetAsync("/api/v1/namespaces/default/services/proxy-ports:81/proxy/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no service port 81 found for service \"proxy-ports\"", (await StatusOf(response)).Message);
    }

    [Fact]
    public async Task ServiceProxy_CoreDnsUrlOfClusterInfo_SaysKubeDnsHasNoEndpoints()
    {
        var response = await _http.GetAsync("/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no endpoints available for service \"kube-dns\"", (await StatusOf(response)).Message);
    }

    [Fact]
    public async Task PodProxy_PathAndQuery_ReachTheBackendForEveryVerb()
    {
        await AgnhostAsync("proxy-netexec", "10.244.1.23");

        var get = await _http.GetStringAsync("/api/v1/namespaces/default/pods/proxy-netexec:8080/proxy/echo?msg=hello%20there");
        var post = await _http.PostAsync("/api/v1/namespaces/default/pods/proxy-netexec:8080/proxy/hostname", new StringContent("ignored"));
        var delete = await _http.DeleteAsync("/api/v1/namespaces/default/pods/proxy-netexec:8080/proxy/echo?msg=gone");

        Assert.Equal("hello there", get);
        Assert.Equal("proxy-netexec", await post.Content.ReadAsStringAsync());
        Assert.Equal("gone", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PodProxy_PortNothingListensOn_Is503ConnectionRefused()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proxy-refused"), podIp: "10.244.1.24");

        var response = await _http.GetAsync("/api/v1/namespaces/default/pods/proxy-refused:81/proxy/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("error trying to reach service: dial tcp 10.244.1.24:81: connect: connection refused", (await StatusOf(response)).Message);
    }

    [Fact]
    public async Task PodProxy_HttpsToPlainServer_FailsTheTlsHandshake()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proxy-https"), podIp: "10.244.1.25");

        var response = await _http.GetAsync("/api/v1/namespaces/default/pods/https:proxy-https:80/proxy/");

        Assert.Equal("error trying to reach service: tls: first record does not look like a TLS handshake", (await StatusOf(response)).Message);
    }

    [Fact]
    public async Task PodProxy_WithoutAddress_IsBadRequestAddressNotAllowed()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(RunningPods.Pod("proxy-pending"), "default");

        var response = await _http.GetAsync("/api/v1/namespaces/default/pods/proxy-pending/proxy/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("address not allowed", (await StatusOf(response)).Message);
    }

    [Fact]
    public async Task Proxy_EmptyPathOnGet_RedirectsToTheTrailingSlash()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("proxy-redirect"), podIp: "10.244.1.26");

        var response = await _http.GetAsync("/api/v1/namespaces/default/pods/proxy-redirect:80/proxy?x=1");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/api/v1/namespaces/default/pods/proxy-redirect:80/proxy/?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task NodeProxy_KubeletHealthzAndPods_AnswerAsTheKubelet()
    {
        var healthz = await _http.GetStringAsync("/api/v1/nodes/node-1/proxy/healthz");
        var pods = JsonSerializer.Deserialize<V1PodList>(await _http.GetStringAsync("/api/v1/nodes/node-1:10250/proxy/pods"), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

        Assert.Equal("ok", healthz);
        Assert.All(pods.Items, p => Assert.Equal("node-1", p.Spec.NodeName));
    }

    [Fact]
    public async Task NodeProxy_UnknownNode_IsNotFound()
    {
        var response = await _http.GetAsync("/api/v1/nodes/no-such-node/proxy/healthz");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("nodes \"no-such-node\" not found", (await StatusOf(response)).Message);
    }
}
