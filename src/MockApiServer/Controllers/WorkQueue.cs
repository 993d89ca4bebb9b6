using System.Threading.Channels;

namespace MockApiServer.Controllers;

/// <summary>
/// client-go's work queue: keys are deduplicated while waiting, a key is never reconciled by two
/// workers at once, and a failed key is retried with exponential backoff (5 ms doubling to 10 s)
/// up to <see cref="MaxRetries"/> times, then dropped until something adds it again.
/// </summary>
public sealed class WorkQueue(TimeProvider time)
{
    /// <summary>Retries after the first failure before a key is dropped, as client-go's endpoints controller's maxRetries.</summary>
    public const int MaxRetries = 15;

    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly HashSet<string> _queued = [];
    private readonly HashSet<string> _processing = [];
    private readonly HashSet<string> _dirtyWhileProcessing = [];
    private readonly Dictionary<string, int> _failures = [];
    private readonly Lock _gate = new();

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_processing.Contains(key)) { _dirtyWhileProcessing.Add(key); return; }
            if (!_queued.Add(key)) return;
        }
        _ready.Writer.TryWrite(key);
    }

    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) { Add(key); return; }
        // Synchronously, so the key is queued by the time the clock's timer callback returns (a fake clock's Advance).
        _ = Task.Delay(delay, time).ContinueWith(_ => Add(key), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="reconcile"/> for each key until cancelled; failures retry with backoff.</summary>
    public async Task RunAsync(Func<string, CancellationToken, Task> reconcile, ILogger logger, CancellationToken ct)
    {
        await foreach (var key in _ready.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            lock (_gate)
            {
                _queued.Remove(key);
                _processing.Add(key);
            }
            try
            {
                await reconcile(key, ct).ConfigureAwait(false);
                lock (_gate) _failures.Remove(key);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                int failures;
                lock (_gate) failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
                if (failures > MaxRetries)
                {
                    lock (_gate) _failures.Remove(key);
                    logger.LogWarning(e, "Dropping {Key} out of the queue after {Failures} failed reconciles", key, failures);
                    continue;
                }
                var delay = TimeSpan.FromMilliseconds(Math.Min(5 * Math.Pow(2, failures - 1), 10_000));
                AddAfter(key, delay);
                // After the timer is set, so whoever sees this line can move a fake clock past it.
                logger.LogDebug(e, "Reconcile of {Key} failed ({Failures}); retrying in {Delay}", key, failures, delay);
            }
            finally
            {
                bool again;
                lock (_gate)
                {
                    _processing.Remove(key);
                    again = _dirtyWhileProcessing.Remove(key);
                }
                if (again) Add(key);
            }
        }
    }
}
