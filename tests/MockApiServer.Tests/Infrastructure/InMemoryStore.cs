using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Resources;
using MockApiServer.Storage;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// The registry pipeline without the host: a <see cref="ResourceStore"/> over its own
/// <see cref="ObjectCache"/> and an in-memory SQLite backend, on a fake clock, with namespace
/// "default" created. No controller runs, so nothing writes but the test.
/// </summary>
public sealed class InMemoryStore : IAsyncDisposable
{
    private InMemoryStore(Func<StorageOptions, IStorageBackend>? backend, int historySize)
    {
        var options = new StorageOptions { Db = ":memory:", HistorySize = historySize };
        Backend = backend?.Invoke(options) ?? new SqliteStorageBackend(options);
        Cache = new ObjectCache(Backend, Registry, options, Time, NullLogger<ObjectCache>.Instance);
        Store = new ResourceStore(Cache, Registry, new RandomSource(1), Time);
    }

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public ResourceRegistry Registry { get; } = new ResourceRegistry().AddCoreResources();

    public IStorageBackend Backend { get; }

    public ObjectCache Cache { get; }

    public ResourceStore Store { get; }

    public ResourceDefinition Endpoints => Registry.Get("", "endpoints");

    /// <summary>Opens a fresh store; <paramref name="backend"/> may wrap or replace the SQLite one.</summary>
    public static async Task<InMemoryStore> OpenAsync(Func<StorageOptions, IStorageBackend>? backend = null, int historySize = 10_000)
    {
        var store = new InMemoryStore(backend, historySize);
        store.Store.Open();
        await store.Store.CreateAsync(store.Registry.Get("", "namespaces"), "", Objects.Namespace("default"), WriteOptions.Default);
        return store;
    }

    public static V1Endpoints NewEndpoints(string name, string? label = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = label is null ? null : Objects.Labels(("v", label)) },
    };

    public Task<StoredObject> CreateEndpointsAsync(string name, bool dryRun = false) =>
        Store.CreateAsync(Endpoints, "default", NewEndpoints(name), new WriteOptions { DryRun = dryRun });

    /// <summary>Sets the label v on an Endpoints, which changes it (a new revision).</summary>
    public Task<StoredObject> LabelEndpointsAsync(string name, string value) =>
        Store.GuaranteedUpdateAsync(Endpoints, "default", name, o =>
        {
            o.Metadata.Labels = Objects.Labels(("v", value));
            return o;
        }, WriteOptions.Default);

    public Task<DeleteResult> DeleteEndpointsAsync(string name) => Store.DeleteAsync(Endpoints, "default", name, null, dryRun: false);

    /// <summary>Occupies the single writer until released, so that the writes queued meanwhile form one batch.</summary>
    public async Task<WriterHold> HoldWriterAsync()
    {
        var hold = new WriterHold(Store);
        await hold.Started.ConfigureAwait(false);
        return hold;
    }

    public async ValueTask DisposeAsync() => await Cache.DisposeAsync();
}
