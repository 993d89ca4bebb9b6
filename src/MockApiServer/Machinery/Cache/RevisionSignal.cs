namespace MockApiServer.Machinery.Cache;

/// <summary>The newest revision the feed has applied, and a wait for a later one.</summary>
internal sealed class RevisionSignal
{
    private readonly Lock _gate = new();
    private long _revision;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Advance(long revision)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (revision <= _revision) return;
            _revision = revision;
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        advanced.TrySetResult();
    }

    /// <summary>False when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(long revision, TimeProvider time, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, time);
        while (true)
        {
            Task advanced;
            lock (_gate)
            {
                if (_revision >= revision) return true;
                advanced = _advanced.Task;
            }
            try
            {
                await advanced.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
