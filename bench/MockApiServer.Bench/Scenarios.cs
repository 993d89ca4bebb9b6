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
            var (server, ready) = await ServerProcess.StartDllAtAsync(published, TempDb());
            empty.Add(ready.TotalMilliseconds);
            await server.DisposeAsync();
            (server, ready) = await ServerProcess.StartDllAtAsync(ServerProcess.Dll, TempDb());
            jit.Add(ready.TotalMilliseconds);
            await server.DisposeAsync();
        }
        var bareMs = Median(bare);
        Row("bare ASP.NET Core app: process start → first 200 (median of 5, start-up ceiling)", $"{bareMs:F0} ms", "");
        Row("start-up, empty database: process start → /readyz 200, published (ReadyToRun; median of 5)", $"{Median(empty):F0} ms", "≤ 2× bare", $"{Median(empty) / bareMs:F2}× bare");
        Row("the same from the build output (JIT, as `dotnet run` and tests/e2e start it; median of 5)", $"{Median(jit):F0} ms", "", $"{Median(jit) / bareMs:F2}× bare");

        var db = TempDb();
        var (seeding, _) = await ServerProcess.StartDllAtAsync(published, db, "--controllers", ApiOnly);
        using (var http = Load.Client(seeding.Url))
            await Load.RunAsync(32, 10_000, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"p{i}"))).IsSuccessStatusCode);
        await seeding.DisposeAsync();
        var full = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var (server, ready) = await ServerProcess.StartDllAtAsync(published, db, "--controllers", ApiOnly);
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
        Row("GET one pod, 32 clients", get.ToString(), "≥ 90 % of bare", $"{get.PerSecond / baseline.PerSecond:P0} of bare");

        Load.Result bareCreate;
        await using (var ceiling = await BareCreate.StartAsync())
        using (var bareCreateHttp = Load.Client(ceiling.Url))
            bareCreate = await Load.RunAsync(32, 10_000, async i => (await bareCreateHttp.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"c{i}"))).StatusCode == HttpStatusCode.Created);
        var create = await Load.RunAsync(32, 10_000, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"c{i}"))).StatusCode == HttpStatusCode.Created);
        var perRow = Baselines.SqliteInsertsPerSecond(5_000, body, 1);
        var batched = Baselines.SqliteInsertsPerSecond(50_000, body, 256);
        Row("bare SQLite insert loop, pod-sized rows, one commit per row / per 256 rows (storage ceiling)", $"{perRow:N0}/s / {batched:N0}/s", "");
        Row("bare endpoint: parse the pod JSON, serialise once, group-commit to SQLite, 32 clients (CREATE ceiling)", bareCreate.ToString(), "");
        Row("CREATE pods, 32 clients (group commit)", create.ToString(), "≥ 50 % of the CREATE ceiling", $"{create.PerSecond / bareCreate.PerSecond:P0} of the ceiling");

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

    /// <summary>Watch latency at a steady rate: 1,000 watchers on one namespace, 100 creates/s for 10 s (100,000 events/s delivered).</summary>
    public static async Task WatchFanOutAsync(int watchers = 1000, int changes = 1000, int perSecond = 100)
    {
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var http = Load.Client(server.Url);
        (await http.PostAsync("/api/v1/namespaces", Pods.Namespace("watched"))).EnsureSuccessStatusCode();
        var rv = JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/watched/pods")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var readers = await WatchReaders.OpenAsync(server.Url, $"/api/v1/namespaces/watched/pods?watch=true&resourceVersion={rv}", watchers, changes);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var start = Stopwatch.GetTimestamp();
        var writes = new List<Task>();
        for (var i = 0; i < changes; i++)
        {
            var wait = TimeSpan.FromTicks(interval.Ticks * i) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            writes.Add(http.PostAsync("/api/v1/namespaces/watched/pods", Pods.Pod($"w{i}", annotation: WatchReaders.Stamp().ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        await Task.WhenAll(writes);
        var writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await readers.FinishAsync(TimeSpan.FromSeconds(60));
        var sorted = readers.Latencies.ToArray();
        Array.Sort(sorted);
        Row($"watch fan-out: {watchers} watchers on one namespace, {changes} creates at {changes / writeSeconds:N0}/s ({changes / writeSeconds * watchers:N0} events/s delivered)",
            $"{readers.Complete}/{watchers} watchers got every event; p50 {Load.Percentile(sorted, 0.5):F1} ms, p99 {Load.Percentile(sorted, 0.99):F1} ms (request sent → event read)",
            "every event; p99 ≤ 100 ms");
    }

    /// <summary>
    /// The most events/s 1,000 watchers are handed: creates from 32 clients as fast as they go,
    /// against a bare Kestrel fan-out of the same bytes to the same number of readers in this run.
    /// </summary>
    public static async Task FanOutCeilingAsync(int watchers = 1000, int changes = 2000)
    {
        double bare;
        await using (var fanOut = await BareFanOut.StartAsync())
        using (var http = Load.Client(fanOut.Url))
        {
            var readers = await WatchReaders.OpenAsync(fanOut.Url, "/watch", watchers, changes);
            var started = Stopwatch.GetTimestamp();
            await Load.RunAsync(32, changes, async i => (await http.PostAsync("/publish", Pods.Pod($"f{i}"))).IsSuccessStatusCode);
            await readers.FinishAsync(TimeSpan.FromMinutes(3));
            bare = readers.Received / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        var (server, _) = await ServerProcess.StartAsync(TempDb(), "--controllers", ApiOnly);
        await using var _s = server;
        using var api = Load.Client(server.Url);
        (await api.PostAsync("/api/v1/namespaces", Pods.Namespace("watched"))).EnsureSuccessStatusCode();
        var rv = JsonDocument.Parse(await api.GetStringAsync("/api/v1/namespaces/watched/pods")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var ours = await WatchReaders.OpenAsync(server.Url, $"/api/v1/namespaces/watched/pods?watch=true&resourceVersion={rv}", watchers, changes);
        var start = Stopwatch.GetTimestamp();
        await Load.RunAsync(32, changes, async i => (await api.PostAsync("/api/v1/namespaces/watched/pods", Pods.Pod($"f{i}"))).IsSuccessStatusCode);
        await ours.FinishAsync(TimeSpan.FromMinutes(3));
        var delivered = ours.Received / Stopwatch.GetElapsedTime(start).TotalSeconds;
        Row($"bare Kestrel fan-out: {changes:N0} pod-sized events to {watchers} readers, published by 32 clients (fan-out ceiling)", $"{bare:N0} events/s delivered", "");
        Row($"most events/s delivered to {watchers} watchers: {changes:N0} creates from 32 clients", $"{delivered:N0} events/s delivered ({ours.Complete}/{watchers} watchers got every event)",
            "≥ 50 % of bare", $"{delivered / bare:P0} of bare");
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
    /// <summary>
    /// The endpoint controllers' full resync after a restart: 1,000 Services each selecting 10 of
    /// 10,000 Running pods on 100 nodes; their Endpoints and EndpointSlices are deleted while those
    /// two controllers are off; then the server restarts with every controller, and the clock runs
    /// from process start until every Service's Endpoints and slice list its 10 ready pods.
    /// </summary>
    public static async Task RestartConvergenceAsync(int services = 1_000, int podsPerService = 10)
    {
        var db = TempDb();
        var pods = services * podsPerService;
        var (first, _) = await ServerProcess.StartAsync(db, "--nodes", "100");
        await using (first)
        {
            using var http = Load.Client(first.Url);
            var rv = JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/default/pods")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
            using var cts = new CancellationTokenSource();
            var watch = new PodWatch(pods);
            var reading = watch.ReadAsync(first.Url, rv!, cts.Token);
            await Load.RunAsync(32, services, async i => (await http.PostAsync("/api/v1/namespaces/default/services", Pods.Service($"s{i}", $"a{i}"))).IsSuccessStatusCode);
            await Load.RunAsync(32, pods, async i => (await http.PostAsync("/api/v1/namespaces/default/pods", Pods.Pod($"p{i}", $"a{i % services}"))).IsSuccessStatusCode);
            await watch.AllReady.WaitAsync(TimeSpan.FromMinutes(10));
            cts.Cancel();
            await reading;
            await EndpointsConvergedAsync(http, services, podsPerService, TimeSpan.FromMinutes(5));
        }
        var (second, _) = await ServerProcess.StartAsync(db, "--nodes", "100", "--controllers", "*,-endpoints,-endpointslice");
        await using (second)
        {
            using var http = Load.Client(second.Url);
            await Load.RunAsync(32, services, async i => (await http.DeleteAsync($"/api/v1/namespaces/default/endpoints/s{i}")).IsSuccessStatusCode);
            (await http.DeleteAsync("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=endpointslice.kubernetes.io%2Fmanaged-by%3Dendpointslice-controller.k8s.io")).EnsureSuccessStatusCode();
        }
        var started = Stopwatch.GetTimestamp();
        var (third, ready) = await ServerProcess.StartAsync(db, "--nodes", "100");
        await using (third)
        {
            using var http = Load.Client(third.Url);
            await EndpointsConvergedAsync(http, services, podsPerService, TimeSpan.FromMinutes(5));
            Row($"restart with {services:N0} Services × {pods:N0} pods, Endpoints and EndpointSlices deleted: process start → all converged",
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s ({ready.TotalSeconds:F2} s of it to /readyz)", "≤ 2 s");
        }
    }

    /// <summary>Polls (50 ms) until each of the Services s0… has Endpoints with that many ready addresses and slices with that many ready endpoints.</summary>
    private static async Task EndpointsConvergedAsync(HttpClient http, int services, int perService, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var endpoints = JsonDocument.Parse(await http.GetByteArrayAsync("/api/v1/namespaces/default/endpoints")).RootElement.GetProperty("items").EnumerateArray()
                .Count(e => e.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith('s')
                    && e.TryGetProperty("subsets", out var subsets) && subsets.EnumerateArray().Sum(s => s.TryGetProperty("addresses", out var a) ? a.GetArrayLength() : 0) == perService);
            var slices = JsonDocument.Parse(await http.GetByteArrayAsync("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices")).RootElement.GetProperty("items").EnumerateArray()
                .GroupBy(s => s.GetProperty("metadata").GetProperty("labels").GetProperty("kubernetes.io/service-name").GetString())
                .Count(g => g.Key!.StartsWith('s') && g.Sum(s => s.TryGetProperty("endpoints", out var e)
                    ? e.EnumerateArray().Count(x => x.GetProperty("conditions").TryGetProperty("ready", out var r) && r.GetBoolean()) : 0) == perService);
            if (endpoints == services && slices == services) return;
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"not converged: {endpoints} Endpoints and {slices} slice sets of {services}");
            await Task.Delay(50);
        }
    }
}
