using System.Diagnostics;

namespace MockApiServer.Bench;

/// <summary>Runs a request with N concurrent clients and reports throughput and latency percentiles.</summary>
public static class Load
{
    public sealed record Result(int Count, TimeSpan Elapsed, double P50Ms, double P99Ms, int Failures)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;

        public override string ToString() => $"{PerSecond,10:N0}/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  ({Count} requests, {Failures} failed)";
    }

    /// <summary>Issues <paramref name="total"/> calls of <paramref name="call"/>(i) from <paramref name="clients"/> workers.</summary>
    public static async Task<Result> RunAsync(int clients, int total, Func<int, Task<bool>> call)
    {
        var latencies = new double[total];
        var next = -1;
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var t = Stopwatch.GetTimestamp();
                if (!await call(i)) Interlocked.Increment(ref failures);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return new Result(total, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), failures);
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    public static HttpClient Client(string baseUrl) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromMinutes(2),
    };
}
