using System.Diagnostics;
using System.Text.Json;

namespace MockApiServer.Bench;

/// <summary>
/// One watch on the default namespace's pods that tells when <c>count</c> pods are Running and
/// Ready, how many writes each pod saw up to then, and when all of them are gone again.
/// </summary>
public sealed class PodWatch(int count)
{
    private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<long> _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allDeleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _deleted;
    private (double Mean, int Max)? _writesAtReady;

    /// <summary>The Stopwatch timestamp at which the last pod became Running and Ready.</summary>
    public Task<long> AllReady => _allReady.Task;

    public Task AllDeleted => _allDeleted.Task;

    public (double Mean, int Max) WritesPerPod() => _writesAtReady ?? (0, 0);

    public async Task ReadAsync(string url, string resourceVersion, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion={resourceVersion}&allowWatchBookmarks=false",
                HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line) Observe(line);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Observe(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var type = doc.RootElement.GetProperty("type").GetString();
        var pod = doc.RootElement.GetProperty("object");
        var name = pod.GetProperty("metadata").GetProperty("name").GetString()!;
        if (type == "DELETED")
        {
            if (++_deleted == count) _allDeleted.TrySetResult();
            return;
        }
        if (_allReady.Task.IsCompleted) return;
        _writes[name] = _writes.GetValueOrDefault(name) + 1;
        if (IsRunningAndReady(pod)) _ready.Add(name);
        else _ready.Remove(name);
        if (_ready.Count == count)
        {
            _writesAtReady = (_writes.Values.Average(), _writes.Values.Max());
            _allReady.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    private static bool IsRunningAndReady(JsonElement pod) =>
        pod.TryGetProperty("status", out var status)
        && status.TryGetProperty("phase", out var phase) && phase.GetString() == "Running"
        && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
}
