using System.Net;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>exec through the official client's WebSocket API, against the server on a loopback socket.</summary>
public sealed class PodExecTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private Task<(int Code, string Stdout, string Stderr)> ExecAsync(string pod, params string[] command) => PodExec.RunAsync(_client, pod, "default", command);

    [Fact]
    public async Task Exec_Env_PrintsPathHostnameUserAndKubernetesServiceVariables()
    {
        var pod = RunningPods.Pod("exec-env");
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "GREETING", Value = "hello $(KUBERNETES_SERVICE_HOST)" }];
        await RunningPods.CreateAsync(_client, pod);

        var (code, stdout, _) = await ExecAsync("exec-env", "env");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", lines[0]);
        Assert.Equal("HOSTNAME=exec-env", lines[1]);
        Assert.Contains("GREETING=hello 10.96.0.1", lines);
        Assert.Contains("KUBERNETES_SERVICE_HOST=10.96.0.1", lines);
        Assert.Contains("KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443", lines);
        Assert.Equal("HOME=/root", lines[^1]);
    }

    [Fact]
    public async Task Exec_PrintenvOfUnsetName_ExitsOne()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("exec-printenv"));

        Assert.Equal((0, "exec-printenv\n", ""), await ExecAsync("exec-printenv", "printenv", "HOSTNAME"));
        Assert.Equal(1, (await ExecAsync("exec-printenv", "printenv", "NOPE")).Code);
    }

    [Fact]
    public async Task Exec_CatResolvConf_PointsAtKubeDnsWithNamespaceSearch()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("exec-resolv"));

        var (code, stdout, _) = await ExecAsync("exec-resolv", "cat", "/etc/resolv.conf");

        Assert.Equal(0, code);
        Assert.Equal("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", stdout);
    }

    [Fact]
    public async Task Exec_CatHosts_EndsWithPodIpAndSubdomainFqdn()
    {
        var pod = RunningPods.Pod("exec-hosts");
        (pod.Spec.Hostname, pod.Spec.Subdomain) = ("web-0", "web");
        await RunningPods.CreateAsync(_client, pod, podIp: "10.244.2.7");

        var (_, stdout, _) = await ExecAsync("exec-hosts", "cat", "/etc/hosts");

        Assert.StartsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", stdout);
        Assert.EndsWith("fe00::2\tip6-allrouters\n10.244.2.7\tweb-0.web.default.svc.cluster.local\tweb-0\n", stdout);
        Assert.Equal((0, "web-0\n", ""), await ExecAsync("exec-hosts", "hostname"));
    }

    [Fact]
    public async Task Exec_UnknownCommand_ExitsWith127AndSaysNotFound()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("exec-unknown"));

        var (code, _, stderr) = await ExecAsync("exec-unknown", "nosuch");

        Assert.Equal(127, code);
        Assert.Contains("exec: \"nosuch\": executable file not found in $PATH", stderr);
    }

    [Fact]
    public async Task Exec_ShellPipelineAndExit_RunsThroughTheRegistry()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("exec-sh"));

        Assert.Equal((0, "KUBERNETES_SERVICE_PORT=443\n", ""), await ExecAsync("exec-sh", "sh", "-c", "env | grep '^KUBERNETES_SERVICE_PORT='"));
        Assert.Equal((3, "exec-sh\n", ""), await ExecAsync("exec-sh", "/bin/sh", "-c", "echo $HOSTNAME && exit 3"));
        Assert.Equal((127, "", "sh: 1: nosuch: not found\n"), await ExecAsync("exec-sh", "sh", "-c", "nosuch"));
    }

    [Fact]
    public async Task Exec_UnscheduledPod_IsBadRequestBeforeUpgrade()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(RunningPods.Pod("exec-pending"), "default");
        using var http = new HttpClient { BaseAddress = factory.BaseAddress };

        var response = await http.GetAsync("/api/v1/namespaces/default/pods/exec-pending/exec?command=env&stdout=true");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pod exec-pending does not have a host assigned", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Exec_PlainHttpRequest_IsBadRequestStatus()
    {
        await RunningPods.CreateAsync(_client, RunningPods.Pod("exec-plain"));
        using var http = new HttpClient { BaseAddress = factory.BaseAddress };

        var response = await http.PostAsync("/api/v1/namespaces/default/pods/exec-plain/exec?command=env&stdout=true", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"reason\":\"BadRequest\"", await response.Content.ReadAsStringAsync());
    }
}
