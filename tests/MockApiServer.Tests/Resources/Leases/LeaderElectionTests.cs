using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Leases;

/// <summary>Leases through the official client's LeaderElector and LeaseLock: one leader, and a takeover when it stops renewing.</summary>
public sealed class LeaderElectionTests(ControllerlessServerFactory factory) : IClassFixture<ControllerlessServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private LeaderElector Elector(string identity) => new(new LeaderElectionConfig(new LeaseLock(_client, "default", "election", identity))
    {
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    });

    [Fact]
    public async Task TwoElectors_OneLeads_TheOtherTakesOverWhenItStops()
    {
        using var first = Elector("first");
        using var second = Elector("second");
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var firstRun = first.RunAndTryToHoldLeadershipForeverAsync(stopFirst.Token);
        await Poll.UntilAsync(() => Task.FromResult(first.IsLeader()), leads => leads);
        var secondRun = second.RunAndTryToHoldLeadershipForeverAsync(stopSecond.Token);

        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("election", "default");
        Assert.Equal("first", lease.Spec.HolderIdentity);
        Assert.False(second.IsLeader());

        await stopFirst.CancelAsync();
        await Poll.UntilAsync(() => Task.FromResult(second.IsLeader()), leads => leads);
        lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("election", "default");
        Assert.Equal("second", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        await stopSecond.CancelAsync();
        await Task.WhenAll(firstRun, secondRun).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Create_WithZeroDuration_IsInvalid()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "bad" }, Spec = new V1LeaseSpec { LeaseDurationSeconds = 0 } };

        await StatusAssert.FailsAsync(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default"), 422, "Invalid",
            "Lease.coordination.k8s.io \"bad\" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
    }
}
