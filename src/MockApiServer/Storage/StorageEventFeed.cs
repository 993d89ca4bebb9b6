using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MockApiServer.Storage;

/// <summary>
/// The live half of <see cref="IStorageBackend.Watch"/> for a backend that commits in-process:
/// the writer publishes each committed batch under the same lock a new watcher replays the
/// history under, so a watcher sees the history and then every later change, with no gap and no
/// duplicate.
/// </summary>
internal sealed class StorageEventFeed
{
    private readonly List<Channel<StorageEvent>> _subscribers = [];

    public bool HasSubscribers => _subscribers.Count > 0;

    /// <summary>Hands a batch to every watcher. Call with the backend's lock held, after commit.</summary>
    public void Publish(IReadOnlyList<StorageEvent> events)
    {
        foreach (var subscriber in _subscribers)
        {
            foreach (var e in events) subscriber.Writer.TryWrite(e);
        }
    }

    /// <summary>A new watcher's channel. Call with the backend's lock held, right after reading its history.</summary>
    public Channel<StorageEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<StorageEvent>(new UnboundedChannelOptions { SingleReader = true });
        _subscribers.Add(channel);
        return channel;
    }

    public void Unsubscribe(Channel<StorageEvent> channel) => _subscribers.Remove(channel);

    /// <summary>The history, then the live events, until cancelled; unsubscribes when the caller stops.</summary>
    public static async IAsyncEnumerable<StorageEvent> StreamAsync(IReadOnlyList<StorageEvent> history, Channel<StorageEvent> live, Action unsubscribe,
        [EnumeratorCancellation] CancellationToken ct)
    {
        try
        {
            foreach (var e in history) yield return e;
            while (true)
            {
                try
                {
                    if (!await live.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) yield break;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                while (live.Reader.TryRead(out var e)) yield return e;
            }
        }
        finally
        {
            unsubscribe();
        }
    }
}
