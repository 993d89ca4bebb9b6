using MockApiServer.Controllers;
using MockApiServer.Machinery.Cache;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>An informer over a real store: what its handler is told, at start, live and after an overflow.</summary>
public sealed class InformerTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private InMemoryStore _store = null!;
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync() => _store = await InMemoryStore.OpenAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _store.DisposeAsync();
        _stop.Dispose();
    }

    private Handler Start(int bufferSize = Informer.DefaultBufferSize)
    {
        var handler = new Handler();
        var informer = new Informer(_store.Store, _store.Endpoints, bufferSize);
        _running = Task.Run(() => informer.RunAsync(handler.OnChange, _stop.Token));
        return handler;
    }

    private Task WaitForCallsAsync(Handler handler, int count) =>
        Poll.UntilAsync(() => Task.FromResult(handler.Calls.Count), n => n >= count);

    [Fact]
    public async Task RunAsync_AtStart_ReportsEveryObjectOnce()
    {
        var a = await _store.CreateEndpointsAsync("a");
        var b = await _store.CreateEndpointsAsync("b");

        var handler = Start();
        await WaitForCallsAsync(handler, 2);

        Assert.Equal([(null, a.ResourceVersion), (null, b.ResourceVersion)], handler.Calls.Select(c => (c.Previous, c.Current)));
    }

    [Fact]
    public async Task RunAsync_AfterTheList_ReportsEveryChangeInRevisionOrder()
    {
        var a = await _store.CreateEndpointsAsync("a");
        var b = await _store.CreateEndpointsAsync("b");
        var handler = Start();
        await WaitForCallsAsync(handler, 2);

        var a2 = await _store.LabelEndpointsAsync("a", "2");
        await _store.DeleteEndpointsAsync("b");
        var c = await _store.CreateEndpointsAsync("c");
        await WaitForCallsAsync(handler, 5);

        Assert.Equal(
            [("a", a.ResourceVersion, a2.ResourceVersion), ("b", b.ResourceVersion, null), ("c", null, c.ResourceVersion)],
            handler.Calls.Skip(2).Select(call => (call.Name, call.Previous, call.Current)));
        Assert.Empty(handler.Inconsistencies);
    }

    [Fact]
    public async Task RunAsync_AfterAnOverflow_RelistsAndReportsWhatChangedMeanwhile()
    {
        await _store.CreateEndpointsAsync("unchanged");
        await _store.CreateEndpointsAsync("changed");
        var gone = await _store.CreateEndpointsAsync("gone");
        var handler = Start(bufferSize: 2);
        await WaitForCallsAsync(handler, 3);

        // The handler stalls on the next change while the buffer fills and overflows.
        handler.Stall();
        var changed = await _store.LabelEndpointsAsync("changed", "1");
        await handler.Stalled;
        await _store.LabelEndpointsAsync("changed", "2");
        await _store.LabelEndpointsAsync("changed", "3");
        await _store.DeleteEndpointsAsync("gone");
        var last = await _store.LabelEndpointsAsync("changed", "4");
        var added = await _store.CreateEndpointsAsync("added");
        Assert.Equal(0, _store.Store.WatcherCount);
        handler.Resume();
        await Poll.UntilAsync(() => Task.FromResult(_store.Store.WatcherCount), n => n == 1);
        var afterRelist = await _store.CreateEndpointsAsync("live");
        await Poll.UntilAsync(() => Task.FromResult(handler.Known.ContainsKey("live")), seen => seen);

        var overflowed = handler.Calls.Skip(4).Select(call => (call.Name, call.Previous, call.Current)).ToList();
        Assert.Equal(
            [
                ("changed", changed.ResourceVersion, changed.ResourceVersion + 1),
                ("changed", changed.ResourceVersion + 1, changed.ResourceVersion + 2),
                ("added", null, added.ResourceVersion),
                ("changed", changed.ResourceVersion + 2, last.ResourceVersion),
                ("gone", gone.ResourceVersion, null),
                ("live", null, afterRelist.ResourceVersion),
            ],
            overflowed);
        Assert.Equal(["added", "changed", "live", "unchanged"], handler.Known.Keys.Order());
        Assert.Empty(handler.Inconsistencies);
    }

    /// <summary>Records each call and checks that its previous is what the handler was last told about that object.</summary>
    private sealed class Handler
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
        private readonly Lock _gate = new();
        private readonly List<Call> _calls = [];
        private readonly Dictionary<string, long> _known = [];
        private readonly List<string> _inconsistencies = [];
        private readonly ManualResetEventSlim _resume = new(initialState: true);
        private TaskCompletionSource? _stalled;

        public IReadOnlyList<Call> Calls { get { lock (_gate) return [.. _calls]; } }

        /// <summary>What the handler believes is in the store: name → resourceVersion.</summary>
        public IReadOnlyDictionary<string, long> Known { get { lock (_gate) return new Dictionary<string, long>(_known); } }

        public IReadOnlyList<string> Inconsistencies { get { lock (_gate) return [.. _inconsistencies]; } }

        public Task Stalled => _stalled?.Task ?? Task.CompletedTask;

        /// <summary>Makes the next call block until <see cref="Resume"/>.</summary>
        public void Stall()
        {
            _stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _resume.Reset();
        }

        public void Resume() => _resume.Set();

        public void OnChange(StoredObject? previous, StoredObject? current)
        {
            var name = (current ?? previous)!.Name;
            lock (_gate)
            {
                var told = _known.TryGetValue(name, out var rv) ? rv : (long?)null;
                if (told != previous?.ResourceVersion) _inconsistencies.Add($"{name}: previous {previous?.ResourceVersion}, last told {told}");
                if (current is null) _known.Remove(name);
                else _known[name] = current.ResourceVersion;
                _calls.Add(new Call(name, previous?.ResourceVersion, current?.ResourceVersion));
            }
            if (_stalled is { } stalled && stalled.TrySetResult() && !_resume.Wait(Limit)) throw new TimeoutException("the handler was stalled too long");
        }
    }

    private sealed record Call(string Name, long? Previous, long? Current);
}
