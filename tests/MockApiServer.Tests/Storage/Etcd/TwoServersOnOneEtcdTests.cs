using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MockApiServer.Tests.Storage.Etcd;

/// <summary>
/// Two servers on one etcd cluster, as two kube-apiservers: each one's cache and watches are fed
/// by its own etcd watch, so a write on one arrives on the other. Server A runs the controllers,
/// B none (one set of controllers per cluster).
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class TwoServersOnOneEtcdTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _prefix = EtcdCluster.NewPrefix();
    private EtcdServerFactory? _a;
    private EtcdServerFactory? _b;

    private EtcdServerFactory A => _a ?? throw new InvalidOperationException();
    private EtcdServerFactory B => _b ?? throw new InvalidOperationException();

    public Task InitializeAsync() => Task.CompletedTask;

    private void StartServers()
    {
        _a = new EtcdServerFactory(_prefix, controllers: true);
        _ = A.Client;
        _b = new EtcdServerFactory(_prefix, controllers: false);
        _ = B.Client;
    }

    [SkippableFact]
    public async Task Writes_OnServerA_ArriveInAWatchOnServerB_EachOnceInOrder()
    {
        StartServers();
        var list = await B.Client.CoreV1.ListNamespacedEndpointsAsync("default");
        using var http = B.CreateClient();
        using var cts = new CancellationTokenSource(Deadline);
        using var response = await http.GetAsync($"/api/v1/namespaces/default/endpoints?watch=1&resourceVersion={list.Metadata.ResourceVersion}",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var written = new List<(string Type, string Name, string ResourceVersion)>();
        foreach (var name in new[] { "one", "two", "three" })
        {
            var created = await A.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["k"] = "v" } } }, "default", cancellationToken: cts.Token);
            written.Add(("ADDED", name, created.Metadata.ResourceVersion));
        }
        var two = await A.Client.CoreV1.ReadNamespacedEndpointsAsync("two", "default", cancellationToken: cts.Token);
        two.Metadata.Labels["k"] = "changed";
        var replaced = await A.Client.CoreV1.ReplaceNamespacedEndpointsAsync(two, "two", "default", cancellationToken: cts.Token);
        written.Add(("MODIFIED", "two", replaced.Metadata.ResourceVersion));
        await A.Client.CoreV1.DeleteNamespacedEndpointsAsync("one", "default", cancellationToken: cts.Token);

        var seen = new List<(string Type, string Name, string ResourceVersion)>();
        while (seen.Count < written.Count + 1)
        {
            var line = await reader.ReadLineAsync(cts.Token);
            Assert.NotNull(line);
            var e = JsonNode.Parse(line)!;
            seen.Add((e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]!.GetValue<string>(), e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>()));
        }

        Assert.Equal(written, seen.Take(written.Count));
        Assert.Equal(("DELETED", "one"), (seen[^1].Type, seen[^1].Name));
        Assert.True(long.Parse(seen[^1].ResourceVersion) > long.Parse(replaced.Metadata.ResourceVersion));
        var onB = await B.Client.CoreV1.ListNamespacedEndpointsAsync("default", cancellationToken: cts.Token);
        Assert.Equal(["three", "two"], onB.Items.Select(e => e.Metadata.Name).Where(n => n is "one" or "two" or "three").Order());
        Assert.Equal("changed", (await B.Client.CoreV1.ReadNamespacedEndpointsAsync("two", "default", cancellationToken: cts.Token)).Metadata.Labels["k"]);
    }

    [SkippableFact]
    public async Task List_PagedOnServerA_ContinuesOnServerB_AtTheSameRevision()
    {
        StartServers();
        foreach (var name in new[] { "page-a", "page-b", "page-c" })
            await A.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["paged"] = "yes" } } }, "default");

        var first = await A.Client.CoreV1.ListNamespacedEndpointsAsync("default", labelSelector: "paged=yes", limit: 1);
        await A.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "page-d", Labels = new Dictionary<string, string> { ["paged"] = "yes" } } }, "default");
        var rest = await B.Client.CoreV1.ListNamespacedEndpointsAsync("default", labelSelector: "paged=yes", continueParameter: first.Metadata.ContinueProperty);
        var exact = await B.Client.CoreV1.ListNamespacedEndpointsAsync("default", labelSelector: "paged=yes", resourceVersion: first.Metadata.ResourceVersion, resourceVersionMatch: "Exact");

        Assert.Equal(["page-a"], first.Items.Select(e => e.Metadata.Name));
        Assert.Equal(["page-b", "page-c"], rest.Items.Select(e => e.Metadata.Name));
        Assert.Equal(first.Metadata.ResourceVersion, rest.Metadata.ResourceVersion);
        Assert.Equal(["page-a", "page-b", "page-c"], exact.Items.Select(e => e.Metadata.Name));
    }

    [SkippableFact]
    public async Task Readyz_AsksEtcd_AndLivezAnswers()
    {
        StartServers();
        using var http = B.CreateClient();

        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
        Assert.Equal("ok", await http.GetStringAsync("/livez"));
    }

    [SkippableFact]
    public async Task Create_NodePortServicesOnBothServersAtOnce_NeverSharesClusterIpOrNodePort()
    {
        StartServers();
        var clients = new[] { A.CreateClient(), B.CreateClient() };

        var created = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var body = $$$"""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-{{{i}}}"},
                 "spec":{"type":"NodePort","ports":[{"name":"http","port":80}]}}
                """;
            using var response = await clients[i % 2].PostAsync("/api/v1/namespaces/default/services", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            return JsonDocument.Parse(text).RootElement.Clone();
        })));

        var clusterIps = created.Select(s => s.GetProperty("spec").GetProperty("clusterIP").GetString()).ToList();
        var nodePorts = created.Select(s => s.GetProperty("spec").GetProperty("ports")[0].GetProperty("nodePort").GetInt32()).ToList();
        Assert.Equal(32, clusterIps.Distinct().Count());
        Assert.Equal(32, nodePorts.Distinct().Count());
        foreach (var client in clients) client.Dispose();
    }

    public async Task DisposeAsync()
    {
        _b?.Dispose();
        _a?.Dispose();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EtcdCluster.Variable))) await EtcdCluster.DeletePrefixAsync(_prefix);
        await Task.CompletedTask;
    }
}
