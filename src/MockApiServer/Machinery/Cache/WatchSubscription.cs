using System.Threading.Channels;

namespace MockApiServer.Machinery.Cache;

/// <summary>One watcher's feed. Dispose it when the client goes away.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly WatchHub _hub;
    private readonly Channel<ChangeEvent> _channel;
    private readonly long _fromRevision;

    internal WatchSubscription(WatchHub hub, ResourceDefinition resource, string? ns, long fromRevision, IReadOnlyList<ChangeEvent> backlog, int bufferSize)
    {
        _hub = hub;
        _fromRevision = fromRevision;
        Resource = resource;
        Namespace = ns;
        Backlog = backlog;
        _channel = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(bufferSize) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public ResourceDefinition Resource { get; }
    public string? Namespace { get; }

    /// <summary>Changes already committed when the watch started, oldest first.</summary>
    public IReadOnlyList<ChangeEvent> Backlog { get; }

    public ChannelReader<ChangeEvent> Events => _channel.Reader;

    /// <summary>True when the watcher fell too far behind and was ended; the client must re-list.</summary>
    public bool Overflowed { get; private set; }

    internal bool Offer(ChangeEvent change)
    {
        // The writer swaps the snapshot before it publishes, so a watch started at the snapshot's
        // revision can be offered changes that snapshot already holds.
        if (change.Revision <= _fromRevision) return true;
        if (_channel.Writer.TryWrite(change)) return true;
        Overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        // Unregister first: a publish racing with a completed channel would mark this watcher Overflowed.
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }
}
