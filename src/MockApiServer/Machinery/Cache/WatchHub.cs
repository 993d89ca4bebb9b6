namespace MockApiServer.Machinery.Cache;

/// <summary>
/// Fans committed changes out to watchers in revision order and keeps a bounded history for
/// resuming and for consistent paging. Publishing is called by the writer only, after commit.
/// A subscriber gets the history after its start revision and then every later change, with no
/// gap and no duplicate; one that falls <c>bufferSize</c> events behind is ended (Overflowed),
/// so a slow reader never slows writers or other watchers.
/// </summary>
public sealed class WatchHub(int historyCapacity)
{
    private readonly Lock _gate = new();
    private readonly List<ChangeEvent> _history = [];
    private readonly Dictionary<ResourceDefinition, ResourceWatchers> _watchers = [];
    private long _oldestResumable;
    private long _revision;

    /// <summary>The oldest resourceVersion a watch or a paged list can still start from.</summary>
    public long OldestResumable { get { lock (_gate) return _oldestResumable; } }

    internal void Reset(long revision)
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestResumable = revision;
            _revision = revision;
        }
    }

    internal void Publish(IReadOnlyList<ChangeEvent> changes)
    {
        if (changes.Count == 0) return;
        lock (_gate)
        {
            foreach (var change in changes)
            {
                _history.Add(change);
                if (!_watchers.TryGetValue(change.Object.Resource, out var watchers)) continue;
                Deliver(watchers.All, change);
                if (watchers.ByNamespace.TryGetValue(change.Object.Namespace, out var inNamespace)) Deliver(inNamespace, change);
            }
            _revision = changes[^1].Revision;
            if (_history.Count > historyCapacity * 2)
            {
                var drop = _history.Count - historyCapacity;
                _oldestResumable = _history[drop - 1].Revision;
                _history.RemoveRange(0, drop);
            }
        }
    }

    /// <summary>Starts a watch after <paramref name="fromRevision"/>: the backlog, then live events.</summary>
    /// <exception cref="ApiException">410 Expired when that revision is no longer held.</exception>
    public WatchSubscription Subscribe(ResourceDefinition resource, string? ns, long fromRevision, int bufferSize)
    {
        lock (_gate)
        {
            if (fromRevision < _oldestResumable) throw StatusErrors.TooOldResourceVersion(fromRevision, _oldestResumable + 1);
            var backlog = SinceLocked(fromRevision).Where(c => c.Object.Resource == resource && (ns is null || c.Object.Namespace == ns)).ToList();
            var subscription = new WatchSubscription(this, resource, ns, fromRevision, backlog, bufferSize);
            if (!_watchers.TryGetValue(resource, out var watchers)) _watchers[resource] = watchers = new ResourceWatchers();
            if (ns is null) watchers.All.Add(subscription);
            else
            {
                if (!watchers.ByNamespace.TryGetValue(ns, out var list)) watchers.ByNamespace[ns] = list = [];
                list.Add(subscription);
            }
            return subscription;
        }
    }

    /// <summary>Every change after a revision, oldest first.</summary>
    /// <exception cref="ApiException">410 Expired when that revision is no longer held.</exception>
    public IReadOnlyList<ChangeEvent> Since(long revision)
    {
        lock (_gate)
        {
            if (revision < _oldestResumable) throw StatusErrors.TooOldResourceVersion(revision, _oldestResumable + 1);
            return SinceLocked(revision).ToList();
        }
    }

    /// <summary>The newest revision every subscriber has been handed.</summary>
    public long Revision { get { lock (_gate) return _revision; } }

    public int WatcherCount
    {
        get { lock (_gate) return _watchers.Values.Sum(w => w.All.Count + w.ByNamespace.Values.Sum(l => l.Count)); }
    }

    internal void Remove(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(subscription.Resource, out var watchers)) return;
            if (subscription.Namespace is null) watchers.All.Remove(subscription);
            else if (watchers.ByNamespace.TryGetValue(subscription.Namespace, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0) watchers.ByNamespace.Remove(subscription.Namespace);
            }
        }
    }

    private IEnumerable<ChangeEvent> SinceLocked(long revision)
    {
        var lo = 0;
        var hi = _history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_history[mid].Revision <= revision) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < _history.Count; i++) yield return _history[i];
    }

    private static void Deliver(List<WatchSubscription> subscriptions, ChangeEvent change)
    {
        for (var i = subscriptions.Count - 1; i >= 0; i--)
        {
            if (!subscriptions[i].Offer(change)) subscriptions.RemoveAt(i);
        }
    }

    private sealed class ResourceWatchers
    {
        public List<WatchSubscription> All { get; } = [];
        public Dictionary<string, List<WatchSubscription>> ByNamespace { get; } = new(StringComparer.Ordinal);
    }
}
