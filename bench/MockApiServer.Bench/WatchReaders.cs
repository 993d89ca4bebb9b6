using System.Collections.Concurrent;
using System.Diagnostics;

namespace MockApiServer.Bench;

/// <summary>
/// N watch streams read line by line, each counting its events until it has <c>expected</c>; a
/// line carrying a "sent" stopwatch stamp (the pod annotation the writers set) adds a latency
/// sample (request sent → event read).
/// </summary>
public sealed class WatchReaders
{
    private readonly int[] _received;
    private readonly int _expected;
    private readonly List<Task> _readers;
    private readonly CancellationTokenSource _cts = new();
    private int _connected;

    public ConcurrentBag<double> Latencies { get; } = [];

    private WatchReaders(string url, string path, int watchers, int expected)
    {
        _received = new int[watchers];
        _expected = expected;
        _readers = [.. Enumerable.Range(0, watchers).Select(w => Task.Run(() => ReadAsync(url, path, w)))];
    }

    /// <summary>Opens the streams and returns once every one has its response headers.</summary>
    public static async Task<WatchReaders> OpenAsync(string url, string path, int watchers, int expected)
    {
        var readers = new WatchReaders(url, path, watchers, expected);
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Volatile.Read(ref readers._connected) < watchers && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);
        return readers;
    }

    public int Complete => _received.Count(r => r >= _expected);

    public long Received => _received.Sum(r => (long)r);

    /// <summary>Waits until every stream has all its events or <paramref name="limit"/> passes, then closes them.</summary>
    public async Task FinishAsync(TimeSpan limit)
    {
        await Task.WhenAny(Task.WhenAll(_readers), Task.Delay(limit));
        _cts.Cancel();
        try
        {
            await Task.WhenAll(_readers);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public static long Stamp() => Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private async Task ReadAsync(string url, string path, int w)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, _cts.Token);
            Interlocked.Increment(ref _connected);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_cts.Token));
            while (_received[w] < _expected && await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                var sent = line.IndexOf("\"sent\":\"", StringComparison.Ordinal);
                if (sent >= 0 && long.TryParse(line.AsSpan(sent + 8, line.IndexOf('"', sent + 8) - sent - 8), out var ticks))
                    Latencies.Add(TimeSpan.FromTicks(Stamp() - ticks).TotalMilliseconds);
                _received[w]++;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
