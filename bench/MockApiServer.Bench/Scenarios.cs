using System.Diagnostics;
using System.Net;
using System.Text.Json;
using k8s;

namespace MockApiServer.Bench;

/// <summary>
/// The fixed scenarios of docs/benchmarks.md. Each starts its own server process (real binary,
/// temp SQLite file) and prints one Markdown table row.
/// </summary>
public static class Scenarios
{
    // Controllers that write on their own would blur the API figures; scenarios that need them turn them on.
    private const string ApiOnly = "namespace";

    private static string TempDb() => Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.db");

    public static void Row(string scenario, string result, string target, string ratio = "") =>
        Console.WriteLine($"| {scenario} | {result} | {target} | {ratio} |");

    /// <summary>
    /// Start-up against its ceiling: the server as it ships (ReadyToRun, .ci/publish) and as the
    /// build leaves it (JIT), each run alternating with the bare app's, so a busy moment on the
    /// shared machine falls on all of them; each figure is a median.
    /// </summary>
    public static async Task StartupAsync()
    {
        var published = ServerProcess.PublishedDll;
        var empty = new List<double>();
        var jit = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            bare.Add((await Baselines.BareStartupAsync()).TotalMilliseconds);
            var (server, ready) = await ServerProcess.StartAsync(published, TempDb());
            empty.Add(ready.TotalMilliseconds);
            await server.DisposeAsync();
            (server, ready) = await ServerProcess.StartAsync(ServerProcess.Dll, TempDb());
            jit.Add(ready.TotalMilliseconds);
            await server.DisposeAsync();
        }
        var bareMs = Median(bare);
        Row("bare ASP.NET Core app: process start → first 200 (median of 5, start-up ceiling)", $"{bareMs:F0} ms", "");
        Row("start-up, empty database: process start → /readyz 200, published (ReadyToRun; median of 5)", $"{Median(empty):F0} ms", "≤ 2× bare", $"{Median(empty) / bareMs:F2}× bare");
        Row("the same from the build output (JIT, as `dotnet run` and tests/e2e start it; median of 5)", $"{Median(jit):F0} ms", "", $"{Median(jit) / bareMs:F2}× bare");

        var db = TempDb();
        var (seeding, _) = await ServerProcess.StartAsync(published, db, "--controllers", ApiOnly);
        using (var http = Load.Client(seeding.Url))
            await Load.RunAsync(32, 10_000, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"p{i}"))).IsSuccessStatusCode);
        await seeding.DisposeAsync();
        var full = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var (server, ready) = await ServerProcess.StartAsync(published, db, "--controllers", ApiOnly);
            full.Add(ready.TotalMilliseconds);
            await server.DisposeAsync();
        }
        Row("start-up with 10,000 pods stored, published (median of 3)", $"{Median(full):F0} ms", "", $"{Median(full) / bareMs:F2}× bare");

        await FixtureFirstRequestAsync();
    }

    /// <summary>
    /// The fixture a test project would use, its first request timed from its constructor: the
    /// host's start, the seeding, and the client's first call — in this process's first use of
    /// the server's code, as in a test run's first test class.
    /// </summary>
    public static async Task FixtureFirstRequestAsync()
    {
        // Outside a test project the factory cannot find the app's content root by itself.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MOCKAPISERVER", AppContext.BaseDirectory);
        var started = Stopwatch.GetTimestamp();
        var (jitted, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        TimeSpan firstRequest;
        await using (var fixture = new MockApiServer.Testing.MockApiServerFixture())
        {
            await fixture.Client.CoreV1.ListNamespaceAsync();
            firstRequest = Stopwatch.GetElapsedTime(started);
            (jitted, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitted, System.Runtime.JitInfo.GetCompilationTime() - jitTime);
        }
        Row("first request through MockApiServer.Testing's fixture (in-process)",
            $"{firstRequest.TotalMilliseconds:F0} ms (of which JIT {jitTime.TotalMilliseconds:F0} ms, {jitted:N0} methods)", "≤ 300 ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static async Task GetAndCreateAsync()
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var http = Load.Client(server.Url);
        (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod("one"))).EnsureSuccessStatusCode();
        var body = await http.GetByteArrayAsync("/api/v1/namespaces/default/pods/one");

        var (bare, bareUrl) = await Baselines.StartBareEndpointAsync(body);
        using var bareHttp = Load.Client(bareUrl);
        await Load.RunAsync(32, 5_000, async _ => (await bareHttp.GetAsync("/pod")).IsSuccessStatusCode);
        var baseline = await Load.RunAsync(32, 50_000, async _ => (await bareHttp.GetAsync("/pod")).IsSuccessStatusCode);
        await bare.StopAsync();
        await Load.RunAsync(32, 5_000, async _ => (await http.GetAsync("/api/v1/namespaces/default/pods/one")).IsSuccessStatusCode);
        var get = await Load.RunAsync(32, 50_000, async _ => (await http.GetAsync("/api/v1/namespaces/default/pods/one")).IsSuccessStatusCode);
        Row($"bare ASP.NET Core endpoint, {body.Length}-byte pod JSON, 32 clients (HTTP ceiling)", baseline.ToString(), "");
        Row("GET one pod, 32 clients", get.ToString(), "≥ 50% of bare", $"{get.PerSecond / baseline.PerSecond:P0} of bare");

        var create = await Load.RunAsync(32, 10_000, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"c{i}"))).StatusCode == HttpStatusCode.Created);
        var perRow = Baselines.SqliteInsertsPerSecond(5_000, body, 1);
        var batched = Baselines.SqliteInsertsPerSecond(50_000, body, 256);
        Row("bare SQLite insert loop, pod-sized rows, one commit per row / per 256 rows (storage ceiling)", $"{perRow:N0}/s / {batched:N0}/s", "");
        Row("CREATE pods, 32 clients (group commit)", create.ToString(), "≥ 10,000/s", $"{create.PerSecond / batched:P0} of batched SQLite");

        var list = await Load.RunAsync(1, 30, async _ => (await http.GetAsync("/api/v1/namespaces/default/pods")).IsSuccessStatusCode);
        Row("LIST 10,000 pods (JSON)", $"p50 {list.P50Ms:F1} ms, p99 {list.P99Ms:F1} ms", "");
        for (var i = 0; i < 100; i++)
            (await http.PatchAsync($"/api/v1/namespaces/default/pods/c{i * 97}", new StringContent("{\"metadata\":{\"labels\":{\"pick\":\"yes\"}}}", System.Text.Encoding.UTF8, "application/merge-patch+json"))).EnsureSuccessStatusCode();
        var selected = await Load.RunAsync(1, 200, async _ => (await http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=pick%3Dyes")).IsSuccessStatusCode);
        Row("LIST with a labelSelector matching 100 of 10,000 pods", $"p50 {selected.P50Ms:F2} ms, p99 {selected.P99Ms:F2} ms", "p50 < 20 ms");
        Row("resident memory with 10,000 pods", $"{server.ResidentBytes() / 1024.0 / 1024.0:F0} MB", "");
    }

    public static async Task MemoryAsync()
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var http = Load.Client(server.Url);
        await Load.RunAsync(32, 10_000, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"m{i}", $"app{i % 1000}"))).IsSuccessStatusCode);
        await Load.RunAsync(32, 1_000, async i => (await http.PostAsync("/api/v1/namespaces/default/services", Pods.Service($"s{i}", $"app{i}"))).IsSuccessStatusCode);
        GC.Collect();
        Row("resident memory with 10,000 pods and 1,000 services (API only)", $"{server.ResidentBytes() / 1024.0 / 1024.0:F0} MB", "< 300 MB");
    }

    public static async Task WatchFanOutAsync(int watchers = 1000, int changes = 5000, int perSecond = 1000)
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var http = Load.Client(server.Url);
        (await http.PostAsync("/api/v1/namespaces", Pods.Namespace("watched"))).EnsureSuccessStatusCode();
        var rv = JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/watched/pods")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var received = new int[watchers];
        using var cts = new CancellationTokenSource();
        var readers = Enumerable.Range(0, watchers).Select(w => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = Timeout.InfiniteTimeSpan };
            using var response = await client.GetAsync($"/api/v1/namespaces/watched/pods?watch=true&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            while (received[w] < changes && await reader.ReadLineAsync(cts.Token) is { } line)
            {
                var sent = line.IndexOf("\"sent\":\"", StringComparison.Ordinal);
                if (sent >= 0 && long.TryParse(line.AsSpan(sent + 8, line.IndexOf('"', sent + 8) - sent - 8), out var ticks))
                    latencies.Add(TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency - ticks).TotalMilliseconds);
                received[w]++;
            }
        })).ToList();
        await Task.Delay(2000);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var start = Stopwatch.GetTimestamp();
        var writes = new List<Task>();
        for (var i = 0; i < changes; i++)
        {
            var due = TimeSpan.FromTicks(interval.Ticks * i);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var now = Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency;
            writes.Add(http.PostAsync("/api/v1/namespaces/watched/pods", Pods.Pod($"w{i}", annotation: now.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        await Task.WhenAll(writes);
        var writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = Task.WhenAll(readers);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));
        cts.Cancel();
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        var complete = received.Count(r => r == changes);
        Row($"watch fan-out: {watchers} watchers on one namespace, {changes} creates at {changes / writeSeconds:N0}/s",
            $"{complete}/{watchers} watchers got every event; p50 {Load.Percentile(sorted, 0.5):F1} ms, p99 {Load.Percentile(sorted, 0.99):F1} ms (request sent → event read)",
            "all events; p99 < 50 ms");
    }

    public static async Task NodePortExhaustionAsync()
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var http = Load.Client(server.Url);
        var latencies = new double[2768];
        var result = await Load.RunAsync(32, 2768, async i =>
        {
            var t = Stopwatch.GetTimestamp();
            var ok = (await http.PostAsync("/api/v1/namespaces/default/services", Pods.NodePortService($"np{i}"))).StatusCode == HttpStatusCode.Created;
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            return ok;
        });
        var next = await http.PostAsync("/api/v1/namespaces/default/services", Pods.NodePortService("one-too-many"));
        var status = JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement;
        var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/services")).RootElement.GetProperty("items");
        var ports = list.EnumerateArray().SelectMany(s => s.GetProperty("spec").TryGetProperty("ports", out var p) ? p.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(p => p.TryGetProperty("nodePort", out _)).Select(p => p.GetProperty("nodePort").GetInt32()).ToList();
        Row("NodePort exhaustion: 2,768 NodePort services, 32 clients",
            $"{result.Count - result.Failures} created, {ports.Count} nodePorts, {ports.Distinct().Count()} distinct; next: {(int)next.StatusCode} {status.GetProperty("message").GetString()}; mean latency first 100 {latencies.Take(100).Average():F1} ms, last 100 {latencies.TakeLast(100).Average():F1} ms",
            "no duplicate, clean range-full error, flat cost");
    }

    /// <summary>
    /// Pods created by 32 clients until every one is Running with Ready=True, read from one watch
    /// opened before the first create: the same stream counts each pod's writes (ADDED + MODIFIED
    /// events; Events are other objects and not counted) and then its deletion.
    /// </summary>
    public static async Task PodsRunningAsync(int count = 10_000)
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--nodes", "100");
        await using var _s = server;
        using var http = Load.Client(server.Url);
        var rv = JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/default/pods")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        using var cts = new CancellationTokenSource();
        var watch = new PodWatch(count);
        var reading = watch.ReadAsync(server.Url, rv!, cts.Token);
        var started = Stopwatch.GetTimestamp();
        await Load.RunAsync(32, count, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"r{i}"))).IsSuccessStatusCode);
        var created = Stopwatch.GetElapsedTime(started);
        var allReady = await watch.AllReady.WaitAsync(TimeSpan.FromMinutes(10));
        var rss = server.ResidentBytes();
        var writes = watch.WritesPerPod();
        var deleting = Stopwatch.GetTimestamp();
        (await http.DeleteAsync("/api/v1/namespaces/default/pods")).EnsureSuccessStatusCode();
        await watch.AllDeleted.WaitAsync(TimeSpan.FromMinutes(10));
        var deleted = Stopwatch.GetElapsedTime(deleting);
        cts.Cancel();
        await reading;
        Row($"{count:N0} pods on 100 nodes, created (32 clients) until all Running and Ready",
            $"created in {created.TotalSeconds:F1} s, all Running and Ready in {(allReady - started) / (double)Stopwatch.Frequency:F1} s; writes per pod mean {writes.Mean:F2}, max {writes.Max}; {rss / 1024.0 / 1024.0:F0} MB resident; all deleted in {deleted.TotalSeconds:F1} s",
            "≤ 10 s, ≤ 5 writes per pod, ≤ 400 MB");
    }
}
