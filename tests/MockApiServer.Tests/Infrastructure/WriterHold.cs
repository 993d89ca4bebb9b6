using MockApiServer.Machinery;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// A write that blocks the single writer until <see cref="ReleaseAsync"/>: every write submitted
/// while it holds is queued, and the writer takes them all as its next batch.
/// </summary>
public sealed class WriterHold
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _done;

    public WriterHold(ResourceStore store)
    {
        _done = store.TransactAsync(_ =>
        {
            _started.SetResult();
            // A test that forgets to release fails instead of hanging the writer forever.
            if (!_release.Wait(Limit)) throw new TimeoutException("the writer was held too long");
            return true;
        });
    }

    /// <summary>Completes once the writer is inside the hold.</summary>
    public Task Started => _started.Task;

    public Task ReleaseAsync()
    {
        _release.Set();
        return _done;
    }
}
