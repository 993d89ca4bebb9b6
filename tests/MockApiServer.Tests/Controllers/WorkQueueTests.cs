using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MockApiServer.Controllers;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>
/// The queue on a fake clock. A key is known not to be queued yet when a sentinel key added after
/// it is reconciled first: one worker takes keys in order, and a timer that fires queues its key
/// before the fake clock's Advance returns.
/// </summary>
public sealed class WorkQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();
    private readonly WorkQueue _queue;
    private readonly Channel<string> _reconciled = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, bool> _failing = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];

    public WorkQueueTests() => _queue = new WorkQueue(_time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_workers).WaitAsync(Deadline);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    [Fact]
    public async Task Add_KeyAlreadyQueued_IsReconciledOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("sentinel");

        Run();

        Assert.Equal("a", await NextReconciledAsync());
        Assert.Equal("sentinel", await NextReconciledAsync());
    }

    [Fact]
    public async Task Add_WhileProcessing_WaitsAndReconcilesOnceMoreAfterward()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var inFlight = 0;
        var mostInFlight = 0;
        Run(workers: 2, reconcile: async (key, _) =>
        {
            if (key == "a")
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref mostInFlight, now);
            }
            _reconciled.Writer.TryWrite(key);
            if (key == "a" && Interlocked.Increment(ref calls) == 1) await release.Task;
            if (key == "a") Interlocked.Decrement(ref inFlight);
        });
        _queue.Add("a");
        Assert.Equal("a", await NextReconciledAsync());

        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("sentinel");
        Assert.Equal("sentinel", await NextReconciledAsync());
        release.SetResult();

        Assert.Equal("a", await NextReconciledAsync());
        _queue.Add("second-sentinel");
        Assert.Equal("second-sentinel", await NextReconciledAsync());
        Assert.Equal(1, mostInFlight);
    }

    [Fact]
    public async Task Failure_RetriesAfterADelayThatDoublesFromFiveMilliseconds()
    {
        _failing["a"] = true;
        Run();
        _queue.Add("a");

        for (var failure = 1; failure <= 6; failure++)
        {
            Assert.Equal("a", await NextReconciledAsync());
            await FailuresLoggedAsync(failure);
            var delay = TimeSpan.FromMilliseconds(5 * Math.Pow(2, failure - 1));

            _time.Advance(delay - TimeSpan.FromMilliseconds(1));
            _queue.Add($"sentinel-{failure}");
            Assert.Equal($"sentinel-{failure}", await NextReconciledAsync());
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.Equal("a", await NextReconciledAsync());
    }

    [Fact]
    public async Task Failure_DelayStopsGrowingAtTenSeconds()
    {
        _failing["a"] = true;
        Run();
        _queue.Add("a");

        await FailAsync("a", times: 13);

        var delays = _logger.Collector.GetSnapshot().Select(r => LoggedDelay(r).TotalMilliseconds);
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10_000, 10_000], delays);
    }

    [Fact]
    public async Task Success_ResetsTheBackoff()
    {
        _failing["a"] = true;
        Run();
        _queue.Add("a");
        await FailAsync("a", times: 3);
        _failing.Clear();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("a", await NextReconciledAsync());

        _failing["a"] = true;
        _queue.Add("a");
        Assert.Equal("a", await NextReconciledAsync());
        await FailuresLoggedAsync(4);

        Assert.Equal(TimeSpan.FromMilliseconds(5), LoggedDelay(_logger.LatestRecord));
    }

    [Fact]
    public async Task Failure_AfterMaxRetries_DropsTheKeyAndLogsIt()
    {
        _failing["a"] = true;
        Run();
        _queue.Add("a");

        await FailAsync("a", times: WorkQueue.MaxRetries + 1);
        _time.Advance(TimeSpan.FromSeconds(10));
        _queue.Add("sentinel");

        Assert.Equal("sentinel", await NextReconciledAsync());
        var dropped = _logger.LatestRecord;
        Assert.Equal(LogLevel.Warning, dropped.Level);
        Assert.Equal("Dropping a out of the queue after 16 failed reconciles", dropped.Message);
    }

    [Fact]
    public async Task Add_AfterTheKeyWasDropped_StartsTheBackoffAfresh()
    {
        _failing["a"] = true;
        Run();
        _queue.Add("a");
        await FailAsync("a", times: WorkQueue.MaxRetries + 1);

        _queue.Add("a");
        Assert.Equal("a", await NextReconciledAsync());
        await FailuresLoggedAsync(WorkQueue.MaxRetries + 2);

        Assert.Equal(TimeSpan.FromMilliseconds(5), LoggedDelay(_logger.LatestRecord));
    }

    [Fact]
    public async Task AddAfter_QueuesTheKeyOnceTheDelayHasPassed()
    {
        Run();

        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        _queue.Add("sentinel");
        Assert.Equal("sentinel", await NextReconciledAsync());
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("a", await NextReconciledAsync());
    }

    [Fact]
    public async Task AddAfter_ZeroDelay_QueuesTheKeyAtOnce()
    {
        Run();

        _queue.AddAfter("a", TimeSpan.Zero);

        Assert.Equal("a", await NextReconciledAsync());
    }

    [Fact]
    public async Task AddAfter_TwiceForTheSameKey_QueuesItOnce()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Add("sentinel");

        Run();

        Assert.Equal("a", await NextReconciledAsync());
        Assert.Equal("sentinel", await NextReconciledAsync());
    }

    /// <summary>Starts workers; the default reconcile records the key and throws for the failing ones.</summary>
    private void Run(int workers = 1, Func<string, CancellationToken, Task>? reconcile = null)
    {
        reconcile ??= (key, _) =>
        {
            _reconciled.Writer.TryWrite(key);
            return _failing.ContainsKey(key) ? Task.FromException(new InvalidOperationException($"{key} fails")) : Task.CompletedTask;
        };
        for (var i = 0; i < workers; i++) _workers.Add(Task.Run(() => _queue.RunAsync(reconcile, _logger, _stop.Token)));
    }

    /// <summary>Waits for <paramref name="key"/>, already added, to fail that many times, moving the clock past each retry delay but the last.</summary>
    private async Task FailAsync(string key, int times)
    {
        var logged = _logger.Collector.Count;
        for (var i = 1; i <= times; i++)
        {
            if (i > 1) _time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(key, await NextReconciledAsync());
            await FailuresLoggedAsync(logged + i);
        }
    }

    private Task<string> NextReconciledAsync() => _reconciled.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

    /// <summary>The queue logs a failure after setting its retry timer, so the clock may move once this returns.</summary>
    private Task FailuresLoggedAsync(int count) =>
        Poll.UntilAsync(() => Task.FromResult(_logger.Collector.Count), n => n >= count);

    private static TimeSpan LoggedDelay(FakeLogRecord record) =>
        TimeSpan.Parse(record.GetStructuredStateValue("Delay")!, CultureInfo.InvariantCulture);

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}
