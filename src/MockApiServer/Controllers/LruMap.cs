namespace MockApiServer.Controllers;

/// <summary>A thread-safe map that keeps the <c>capacity</c> most recently used entries, as golang's groupcache LRU that client-go uses.</summary>
public sealed class LruMap<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();
    private readonly Lock _gate = new();

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing)) _order.Remove(existing);
            _entries[key] = _order.AddFirst((key, value));
            if (_entries.Count <= capacity) return;
            var oldest = _order.Last!;
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }
}
