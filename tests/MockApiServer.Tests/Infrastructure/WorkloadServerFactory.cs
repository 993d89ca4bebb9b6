using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MockApiServer.Controllers;
using MockApiServer.Machinery;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// A server without the workload controllers, the garbage collector or the pod lifecycle
/// (node, scheduler, kubelet), so a test runs a workload controller's SyncAsync itself, on a
/// fake clock, and counts the writes it made.
/// </summary>
public sealed class WorkloadServerFactory : MockApiServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Controllers", "*,-node,-kubelet,-scheduler,-replicaset,-deployment,-statefulset,-garbagecollector")];

    public ResourceStore Store => Services.GetRequiredService<ResourceStore>();

    /// <summary>The global revision: it moves exactly when something was written.</summary>
    public long Revision => Store.Snapshot.Revision;

    public ReplicaSetController NewReplicaSetController(TimeProvider? time = null) =>
        new(Store, Services.GetRequiredService<EventRecorder>(), time ?? TimeProvider.System, NullLogger<ReplicaSetController>.Instance);

    public DeploymentController NewDeploymentController(TimeProvider? time = null) =>
        new(Store, Services.GetRequiredService<EventRecorder>(), time ?? TimeProvider.System, NullLogger<DeploymentController>.Instance);

    public StatefulSetController NewStatefulSetController() =>
        new(Store, Services.GetRequiredService<EventRecorder>(), TimeProvider.System, NullLogger<StatefulSetController>.Instance);

    public GarbageCollector NewGarbageCollector() => new(Store, TimeProvider.System, NullLogger<GarbageCollector>.Instance);

    /// <summary>Waits until the event recorder (asynchronous) has written at least <paramref name="count"/> Events in the namespace, so they do not count as a later sync's writes.</summary>
    public Task EventsAsync(string ns, int count) =>
        Poll.UntilAsync(async () => (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Count, n => n >= count);

    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);
}
