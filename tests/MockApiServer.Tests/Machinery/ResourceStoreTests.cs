using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery;

/// <summary>The pipeline's ordering guarantees as controllers rely on them: what an awaited write did is what the next read sees.</summary>
public sealed class ResourceStoreTests : IAsyncLifetime
{
    private InMemoryStore _store = null!;

    private ResourceStore Store => _store.Store;

    private ResourceDefinition Endpoints => _store.Endpoints;

    public async Task InitializeAsync() => _store = await InMemoryStore.OpenAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task CreateAsync_WhenAwaited_IsInTheSnapshotAtItsRevision()
    {
        var created = await _store.CreateEndpointsAsync("a");

        Assert.Same(created, Store.Snapshot.Get(Endpoints, "default", "a"));
        Assert.Equal(created.ResourceVersion, Store.Snapshot.Revision);
        Assert.Equal(created.ResourceVersion, Store.WatchRevision);
    }

    [Fact]
    public async Task CreateAsync_StampsTheCreationTimeFromTheClock()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(5));

        var created = await _store.CreateEndpointsAsync("a");

        Assert.Equal(InMemoryStore.Start.UtcDateTime.AddMinutes(5), created.Object.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task GuaranteedUpdateAsync_WhenAwaited_IsInTheSnapshotAtTheNextRevision()
    {
        var created = await _store.CreateEndpointsAsync("a");

        var updated = await _store.LabelEndpointsAsync("a", "2");

        Assert.Equal(created.ResourceVersion + 1, updated.ResourceVersion);
        var current = Store.Snapshot.Get(Endpoints, "default", "a");
        Assert.Equal("2", current?.Object.Metadata.Labels["v"]);
        Assert.Equal(updated.ResourceVersion, current?.ResourceVersion);
    }

    [Fact]
    public async Task DeleteAsync_WhenAwaited_IsGoneFromTheSnapshot()
    {
        var created = await _store.CreateEndpointsAsync("a");

        var deleted = await _store.DeleteEndpointsAsync("a");

        Assert.True(deleted.Removed);
        Assert.Null(Store.TryGet(Endpoints, "default", "a"));
        Assert.Equal(created.ResourceVersion + 1, Store.Snapshot.Revision);
    }

    [Fact]
    public async Task CreateAsync_OfATakenNameInABatch_FailsAloneWithoutSkippingARevision()
    {
        await _store.CreateEndpointsAsync("taken");
        var before = Store.Snapshot.Revision;
        var hold = await _store.HoldWriterAsync();

        var a = _store.CreateEndpointsAsync("a");
        var taken = _store.CreateEndpointsAsync("taken");
        var b = _store.CreateEndpointsAsync("b");
        await hold.ReleaseAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => taken);
        Assert.Equal("AlreadyExists", e.Reason);
        Assert.Equal(before + 1, (await a).ResourceVersion);
        Assert.Equal(before + 2, (await b).ResourceVersion);
        Assert.Equal(before + 2, Store.Snapshot.Revision);
    }

    [Fact]
    public async Task CreateAsync_DryRun_StoresNothingAndTakesNoRevision()
    {
        var before = Store.Snapshot.Revision;

        var dry = await _store.CreateEndpointsAsync("a", dryRun: true);

        Assert.Equal("a", dry.Name);
        Assert.True(string.IsNullOrEmpty(dry.Object.Metadata.ResourceVersion));
        Assert.Null(Store.TryGet(Endpoints, "default", "a"));
        Assert.Equal(before, Store.Snapshot.Revision);
        Assert.Empty(Store.ChangesSince(before));
        Assert.Equal(before + 1, (await _store.CreateEndpointsAsync("b")).ResourceVersion);
    }

    [Fact]
    public async Task DeleteAsync_DryRun_LeavesTheObject()
    {
        var created = await _store.CreateEndpointsAsync("a");

        await Store.DeleteAsync(Endpoints, "default", "a", null, dryRun: true);

        Assert.Same(created, Store.TryGet(Endpoints, "default", "a"));
        Assert.Equal(created.ResourceVersion, Store.Snapshot.Revision);
    }

    [Fact]
    public async Task UpdateAsync_ThatChangesNothing_KeepsTheRevisionAndEmitsNoEvent()
    {
        var created = await _store.CreateEndpointsAsync("a");

        var same = await Store.UpdateAsync(Endpoints, "default", "a", created.CloneObject(), WriteOptions.Default);

        Assert.Equal(created.ResourceVersion, same.ResourceVersion);
        Assert.Empty(Store.ChangesSince(created.ResourceVersion));
    }

    [Fact]
    public async Task ChangesSince_ListsTheAcknowledgedWritesInRevisionOrder()
    {
        var before = Store.Snapshot.Revision;

        var a = await _store.CreateEndpointsAsync("a");
        var b = await _store.CreateEndpointsAsync("b");
        var a2 = await _store.LabelEndpointsAsync("a", "2");
        var gone = await _store.DeleteEndpointsAsync("b");

        Assert.Equal(
            [(a.ResourceVersion, "Added", "a"), (b.ResourceVersion, "Added", "b"), (a2.ResourceVersion, "Modified", "a"), (gone.Object.ResourceVersion, "Deleted", "b")],
            Store.ChangesSince(before).Select(c => (c.Revision, c.Type.ToString(), c.Object.Name)));
    }

    [Fact]
    public async Task UpdateAsync_WithAStaleResourceVersion_IsAConflict()
    {
        var created = await _store.CreateEndpointsAsync("a");
        await _store.LabelEndpointsAsync("a", "2");
        var stale = created.CloneAs<V1Endpoints>();
        stale.Metadata.Labels = Objects.Labels(("v", "3"));

        var e = await Assert.ThrowsAsync<ApiException>(() => Store.UpdateAsync(Endpoints, "default", "a", stale, WriteOptions.Default));

        Assert.Equal(409, e.Code);
        Assert.Equal("2", Store.Get(Endpoints, "default", "a").Object.Metadata.Labels["v"]);
    }
}
