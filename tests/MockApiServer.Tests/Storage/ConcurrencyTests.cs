using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using MockApiServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MockApiServer.Tests.Storage;

/// <summary>
/// Many clients at once against the single writer: optimistic concurrency through
/// resourceVersion preconditions, and allocations that never hand one value out twice.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : FreshServerTest<MockApiServerFactory>
{
    private const int Clients = 64;
    private const int IncrementsPerClient = 2;
    private const string Counter = "mockapi.dev/counter";

    private sealed record Success(long Precondition, long Written, int Counter);

    [Fact]
    public async Task Update_By64ClientsWithPreconditions_SucceedsOncePerVersionAndCountsExactly()
    {
        var http = Factory.CreateClient();
        var pod = Objects.Pod("counter");
        pod.Metadata.Annotations = new Dictionary<string, string> { [Counter] = "0" };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var successes = new ConcurrentBag<Success>();
        var failures = new ConcurrentBag<(HttpStatusCode Code, string? Reason)>();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < IncrementsPerClient;)
            {
                var current = (await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/default/pods/counter"))!;
                var rv = long.Parse(current["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                var next = int.Parse(current["metadata"]!["annotations"]![Counter]!.GetValue<string>(), CultureInfo.InvariantCulture) + 1;
                current["metadata"]!["annotations"]![Counter] = next.ToString(CultureInfo.InvariantCulture);
                using var response = await http.PutAsync("/api/v1/namespaces/default/pods/counter",
                    new StringContent(current.ToJsonString(), Encoding.UTF8, "application/json"));
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    successes.Add(new Success(rv, long.Parse(body["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), next));
                    done++;
                }
                else
                {
                    failures.Add((response.StatusCode, body["reason"]?.GetValue<string>()));
                }
            }
        })));

        var chain = successes.OrderBy(s => s.Precondition).ToList();
        var final = await Client.CoreV1.ReadNamespacedPodAsync("counter", "default");
        Assert.Equal(Clients * IncrementsPerClient, chain.Count);
        Assert.Equal(chain.Count, chain.Select(s => s.Precondition).Distinct().Count());
        Assert.All(failures, f => Assert.Equal((HttpStatusCode.Conflict, "Conflict"), f));
        Assert.Equal(Enumerable.Range(1, chain.Count), chain.Select(s => s.Counter));
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.True(chain[i].Written > chain[i - 1].Written);
            Assert.Equal(chain[i - 1].Written, chain[i].Precondition);
        }
        output.WriteLine($"{chain.Count} successes, {failures.Count} conflicts, revisions {chain[0].Precondition}..{chain[^1].Written}");
        Assert.Equal((Clients * IncrementsPerClient).ToString(CultureInfo.InvariantCulture), final.Metadata.Annotations[Counter]);
        Assert.Equal(chain[^1].Written.ToString(CultureInfo.InvariantCulture), final.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Create_64NodePortServicesAtOnce_NeverSharesClusterIpOrNodePort()
    {
        var http = Factory.CreateClient();

        var created = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
        {
            var body = $$$"""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-{{{i}}}"},
                 "spec":{"type":"NodePort","ports":[{"name":"http","port":80},{"name":"https","port":443}]}}
                """;
            using var response = await http.PostAsync("/api/v1/namespaces/default/services", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        })));

        var clusterIps = created.Select(s => s.GetProperty("spec").GetProperty("clusterIP").GetString()).ToList();
        var nodePorts = created.SelectMany(s => s.GetProperty("spec").GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("nodePort").GetInt32())).ToList();
        var revisions = created.Select(s => s.GetProperty("metadata").GetProperty("resourceVersion").GetString()).ToList();
        Assert.Equal(Clients, clusterIps.Distinct().Count());
        Assert.Equal(2 * Clients, nodePorts.Distinct().Count());
        Assert.Equal(Clients, revisions.Distinct().Count());
        var listed = await Client.CoreV1.ListNamespacedServiceAsync("default");
        Assert.Equal(clusterIps.Order(), listed.Items.Where(s => s.Metadata.Name.StartsWith("svc-", StringComparison.Ordinal)).Select(s => s.Spec.ClusterIP).Order());
    }
}
