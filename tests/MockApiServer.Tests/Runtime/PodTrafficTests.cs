using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Runtime;

/// <summary>
/// Traffic from inside a pod, through kubectl exec's API: pod IPs and Service addresses reach
/// only ports a running container listens on, and the answer comes from the image.
/// </summary>
public sealed class PodTrafficTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private Task<(int Code, string Stdout, string Stderr)> ExecAsync(string pod, params string[] command) => PodExec.RunAsync(_client, pod, "default", command);

    private async Task<V1Pod> RunAsync(string name, string image, int? port = null, IList<string>? args = null, IDictionary<string, string>? labels = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "main", Image = image, Args = args, Ports = port is { } p ? [new V1ContainerPort { ContainerPort = p }] : null }],
            },
        };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        return await Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, "default"), p => p.Status?.ContainerStatuses?.All(c => c.Ready) == true);
    }

    private Task<V1Pod> ClientAsync(string name) => RunAsync(name, "busybox:1.36", args: ["sleep", "3600"]);

    [Fact]
    public async Task PodIp_ReachesNginxOn80_AndIsRefusedOnADeclaredPortNothingListensOn()
    {
        var web = await RunAsync("traffic-nginx", "nginx:1.27", port: 8080);
        await ClientAsync("traffic-client-1");
        var ip = web.Status.PodIP;

        var page = await ExecAsync("traffic-client-1", "wget", "-qO-", $"http://{ip}/");
        var refused = await ExecAsync("traffic-client-1", "wget", "-qO-", $"http://{ip}:8080/");

        Assert.Equal(0, page.Code);
        Assert.Contains("<title>Welcome to nginx!</title>", page.Stdout);
        Assert.Equal((1, $"wget: can't connect to remote host ({ip}): Connection refused\n"), (refused.Code, refused.Stderr));
    }

    [Fact]
    public async Task Service_SpreadsOverAgnhostPods_AndAnswersWithTheirHostnames()
    {
        var labels = new Dictionary<string, string> { ["app"] = "echo" };
        foreach (var name in new[] { "echo-a", "echo-b" })
            await RunAsync(name, "registry.k8s.io/e2e-test-images/agnhost:2.53", 9000, ["netexec", "--http-port=9000"], labels);
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "echo" },
            Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Port = 80, TargetPort = 9000 }] },
        }, "default");
        await ClientAsync("traffic-client-2");

        var answers = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            var (code, stdout, _) = await ExecAsync("traffic-client-2", "wget", "-qO-", "http://echo/hostname");
            if (code == 0) answers.Add(stdout);
            return answers.Count;
        }, n => n == 2);
        var echo = await ExecAsync("traffic-client-2", "curl", "-s", "http://echo.default.svc.cluster.local/echo?msg=hello%20there");

        Assert.Equal(["echo-a", "echo-b"], answers.Order());
        Assert.Equal((0, "hello there"), (echo.Code, echo.Stdout));
    }

    [Fact]
    public async Task ServiceWithoutEndpoints_IsRefused_AndUnknownNamesDoNotResolve()
    {
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "nobody" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "nobody" }, Ports = [new V1ServicePort { Port = 80 }] },
        }, "default");
        await ClientAsync("traffic-client-3");

        var refused = await ExecAsync("traffic-client-3", "curl", "-sS", "http://nobody/");
        var unknown = await ExecAsync("traffic-client-3", "wget", "-qO-", "http://nosuch/");

        Assert.Equal((7, "curl: (7) Failed to connect to nobody port 80 after 0 ms: Couldn't connect to server\n"), (refused.Code, refused.Stderr));
        Assert.Equal((1, "wget: bad address 'nosuch'\n"), (unknown.Code, unknown.Stderr));
    }

    [Fact]
    public async Task NcAndCurlFlags_ReportPortsAndStatusCodes()
    {
        var redis = await RunAsync("traffic-redis", "redis:7");
        var web = await RunAsync("traffic-nginx-2", "nginx");
        await ClientAsync("traffic-client-4");

        var open = await ExecAsync("traffic-client-4", "nc", "-zv", redis.Status.PodIP, "6379");
        var closed = await ExecAsync("traffic-client-4", "nc", "-z", redis.Status.PodIP, "80");
        var status = await ExecAsync("traffic-client-4", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", $"http://{web.Status.PodIP}/missing");
        var failed = await ExecAsync("traffic-client-4", "curl", "-sSf", $"http://{web.Status.PodIP}/missing");
        var head = await ExecAsync("traffic-client-4", "curl", "-sI", $"http://{web.Status.PodIP}/");

        Assert.Equal((0, $"{redis.Status.PodIP} ({redis.Status.PodIP}:6379) open\n"), (open.Code, open.Stderr));
        Assert.Equal(1, closed.Code);
        Assert.Equal((0, "404"), (status.Code, status.Stdout));
        Assert.Equal((22, "curl: (22) The requested URL returned error: 404\n"), (failed.Code, failed.Stderr));
        Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n", head.Stdout);
    }
}
