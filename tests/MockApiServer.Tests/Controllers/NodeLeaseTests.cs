using k8s;
using k8s.Autorest;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Controllers;

/// <summary>The simulated kubelets' heartbeat Leases in kube-node-lease, on a fake clock.</summary>
public sealed class NodeLeaseTests(FakeClockServerFactory factory) : IClassFixture<FakeClockServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<V1Lease?> LeaseAsync(string node)
    {
        try
        {
            return await _client.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task EveryNode_HoldsItsLease_OwnedByTheNode()
    {
        var lease = await factory.TickingUntilAsync(() => LeaseAsync("node-1"), l => l is not null);
        var node = await _client.CoreV1.ReadNodeAsync("node-1");

        Assert.Equal("node-1", lease!.Spec.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        var owner = Assert.Single(lease.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Node", "node-1", node.Metadata.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
        Assert.Equal("kubelet", lease.Metadata.ManagedFields[0].Manager);
    }

    [Fact]
    public async Task Lease_IsRenewedEveryHeartbeat()
    {
        var first = await factory.TickingUntilAsync(() => LeaseAsync("node-2"), l => l is not null);

        var renewed = await factory.TickingUntilAsync(() => LeaseAsync("node-2"), l => l!.Spec.RenewTime > first!.Spec.RenewTime);

        Assert.Equal(first!.Metadata.Uid, renewed!.Metadata.Uid);
    }

    [Fact]
    public async Task DeletedNode_TakesItsLeaseWithIt()
    {
        await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "lease-node" } });
        await factory.TickingUntilAsync(() => LeaseAsync("lease-node"), l => l is not null);

        await _client.CoreV1.DeleteNodeAsync("lease-node");

        Assert.Null(await factory.TickingUntilAsync(() => LeaseAsync("lease-node"), l => l is null));
    }
}
