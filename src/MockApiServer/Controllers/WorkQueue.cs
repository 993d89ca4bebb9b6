using System.Threading.Channels;

namespace MockApiServer.Controllers;

/// <summary>
/// client-go's work queue: keys are deduplicated while waiting, a key is never reconciled by two
/// workers at once, and a failed key is retried with exponential backoff (5 ms doubling to 10 s).
/// </summary>
public sealed class WorkQueue(TimeProvider time)
{
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
        _ = Task.Delay(delay, time).ContinueWith(_ => Add(key), TaskScheduler.Default);
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
                var delay = TimeSpan.FromMilliseconds(Math.Min(5 * Math.Pow(2, failures - 1), 10_000));
                logger.LogDebug(e, "Reconcile of {Key} failed ({Failures}); retrying in {Delay}", key, failures, delay);
                AddAfter(key, delay);
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
