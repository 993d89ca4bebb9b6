using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MockApiServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MockApiServer.Tests.Api;

/// <summary>
/// More than a thousand malformed requests, generated from the server's own OpenAPI routes: each is
/// answered by a 4xx Status whose code is the HTTP status, none hangs, none writes anything, and the
/// server serves normally afterwards.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output) : FreshServerTest<BadInputTests.Fixture>
{
    /// <summary>No node heartbeats during the run, so the store changes only if a request writes.</summary>
    public sealed class Fixture : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("NodeHeartbeatInterval", "1h")];
    }

    private static readonly Dictionary<string, string> Targets = new()
    {
        ["pods"] = "target",
        ["services"] = "target",
        ["endpoints"] = "target",
        ["events"] = "target",
        ["nodes"] = "node-1",
        ["namespaces"] = "default",
    };

    [Fact]
    public async Task Corpus_OfMalformedRequests_IsAnsweredWithStatusesAndWritesNothing()
    {
        var http = Factory.CreateClient();
        await CreateTargetsAsync(http);
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v3/api/v1"));
        var routes = BadRequestCorpus.Routes(openApi.RootElement, plural => Targets.GetValueOrDefault(plural, "target"));
        var corpus = BadRequestCorpus.From(routes).ToList();
        // Every kind's list across namespaces, but Events (controllers record those).
        var lists = routes.Where(r => r.Method == HttpMethod.Get && !r.Template.Contains('{') && r.Plural != "events").Select(r => r.Path).ToList();
        var before = await StableSnapshotAsync(http, lists);

        var codes = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var slowest = new ConcurrentBag<(long Ms, string Request)>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var started = Environment.TickCount64;
            var (code, problem) = await SendAsync(http, request);
            slowest.Add((Environment.TickCount64 - started, request.ToString()));
            codes.AddOrUpdate(code, 1, (_, n) => n + 1);
            if (problem is not null) failures.Add($"{request} → {code}: {problem}");
        });
        var after = await SnapshotAsync(http, lists);

        output.WriteLine($"{corpus.Count} requests; " + string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")));
        foreach (var (ms, request) in slowest.OrderByDescending(s => s.Ms).Take(10)) output.WriteLine($"{ms} ms {request[..Math.Min(request.Length, 160)]}");
        Assert.True(corpus.Count >= 1000, $"only {corpus.Count} requests");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(before, after);
        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
        var created = await http.PostAsync("/api/v1/namespaces/default/pods", Body(Pod("after-the-corpus")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>The answer's code, and what is wrong with it (null when it is a proper 4xx Status).</summary>
    private static async Task<(int Code, string? Problem)> SendAsync(HttpClient http, BadRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        if (request.Accept is not null) message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var code = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return (code, Problem(code, text));
        }
        catch (OperationCanceledException)
        {
            return (0, "no answer within 20 s");
        }
    }

    private static string? Problem(int code, string text)
    {
        JsonElement status;
        try
        {
            status = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"body is not JSON: {text[..Math.Min(text.Length, 200)]}";
        }
        if (status.ValueKind != JsonValueKind.Object || !status.TryGetProperty("kind", out var kind) || kind.GetString() != "Status")
            return $"not a Status: {text[..Math.Min(text.Length, 200)]}";
        if (!status.TryGetProperty("code", out var c) || c.GetInt32() != code) return "Status code differs from the HTTP status";
        var message = status.TryGetProperty("message", out var m) ? m.GetString() : null;
        if (code is >= 400 and < 500) return null;
        if (code == 500 && message?.Contains("range is full", StringComparison.Ordinal) == true) return null;
        return $"{message}";
    }

    private static async Task CreateTargetsAsync(HttpClient http)
    {
        foreach (var (path, body) in new[]
        {
            ("/api/v1/namespaces/default/pods", Pod("target")),
            ("/api/v1/namespaces/default/services", "{\"metadata\":{\"name\":\"target\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}}"),
            ("/api/v1/namespaces/default/endpoints", "{\"metadata\":{\"name\":\"target\"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.244.1.9\"}],\"ports\":[{\"port\":80}]}]}"),
            ("/api/v1/namespaces/default/events", "{\"metadata\":{\"name\":\"target\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"target\",\"namespace\":\"default\"},\"reason\":\"Test\",\"message\":\"m\"}"),
        })
        {
            var response = await http.PostAsync(path, Body(body));
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The store once the controllers have reacted to the targets: two reads 200 ms apart agree.</summary>
    private static async Task<string> StableSnapshotAsync(HttpClient http, IReadOnlyList<string> lists)
    {
        var previous = await SnapshotAsync(http, lists);
        return (await Poll.UntilAsync(async () =>
        {
            var current = await SnapshotAsync(http, lists);
            var stable = current == previous;
            previous = current;
            return stable ? current : null;
        }, snapshot => snapshot is not null, timeoutMs: 30_000, intervalMs: 200))!;
    }

    /// <summary>Every object the lists hold, as JSON.</summary>
    private static async Task<string> SnapshotAsync(HttpClient http, IReadOnlyList<string> lists)
    {
        var sb = new StringBuilder();
        foreach (var path in lists)
        {
            using var list = JsonDocument.Parse(await http.GetStringAsync(path));
            foreach (var item in list.RootElement.GetProperty("items").EnumerateArray()) sb.AppendLine(item.GetRawText());
        }
        return sb.ToString();
    }

    private static string Pod(string name) =>
        $"{{\"metadata\":{{\"name\":\"{name}\"}},\"spec\":{{\"schedulerName\":\"none\",\"containers\":[{{\"name\":\"c\",\"image\":\"nginx:1.27\"}}]}}}}";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
