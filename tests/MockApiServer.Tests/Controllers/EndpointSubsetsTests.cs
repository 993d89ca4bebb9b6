using k8s.Models;
using MockApiServer.Controllers;

namespace MockApiServer.Tests.Controllers;

public sealed class EndpointSubsetsTests
{
    private static V1EndpointAddress Address(string ip, string uid = "") => new() { Ip = ip, TargetRef = new V1ObjectReference { Kind = "Pod", Name = ip, Uid = uid.Length > 0 ? uid : ip } };

    private static V1EndpointSubset One(V1EndpointAddress address, bool ready, int? port) => new()
    {
        Addresses = ready ? [address] : null,
        NotReadyAddresses = ready ? null : [address],
        Ports = port is { } p ? [new Corev1EndpointPort { Port = p, Protocol = "TCP" }] : null,
    };

    [Fact]
    public void Repack_SamePortAddresses_MergeIntoOneSubsetSortedByIpBytes()
    {
        var subsets = EndpointSubsets.Repack([One(Address("10.0.0.9"), true, 80), One(Address("10.0.0.10"), true, 80), One(Address("10.0.0.2"), false, 80)]);

        var subset = Assert.Single(subsets);
        Assert.Equal(["10.0.0.10", "10.0.0.9"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal(["10.0.0.2"], subset.NotReadyAddresses.Select(a => a.Ip));
    }

    [Fact]
    public void Repack_PortsWithTheSameAddressSet_ShareASubset()
    {
        var a = Address("10.0.0.1");

        var subsets = EndpointSubsets.Repack([One(a, true, 80), One(a, true, 443)]);

        Assert.Equal([80, 443], Assert.Single(subsets).Ports.Select(p => p.Port).Order());
    }

    [Fact]
    public void Repack_AnAddressBothReadyAndNotReadyOnAPort_IsNotReady()
    {
        var a = Address("10.0.0.1");

        var subset = Assert.Single(EndpointSubsets.Repack([One(a, true, 80), One(a, false, 80)]));

        Assert.Null(subset.Addresses);
        Assert.Single(subset.NotReadyAddresses);
    }

    [Fact]
    public void Repack_PortlessSubsets_KeepTheirAddresses()
    {
        var subset = Assert.Single(EndpointSubsets.Repack([One(Address("10.0.0.1"), true, null)]));

        Assert.Null(subset.Ports);
        Assert.Single(subset.Addresses);
    }

    [Fact]
    public void Repack_IsDeterministic_WhateverTheInputOrder()
    {
        var input = new[] { One(Address("10.0.0.1"), true, 80), One(Address("10.0.0.2"), true, 81), One(Address("10.0.0.3"), false, 82) };

        var forward = k8s.KubernetesJson.Serialize(EndpointSubsets.Repack(input));
        var backward = k8s.KubernetesJson.Serialize(EndpointSubsets.Repack(input.Reverse()));

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Truncate_UnderCapacity_LeavesTheSubsetsAlone()
    {
        var subsets = new List<V1EndpointSubset> { new() { Addresses = Enumerable.Range(0, 1000).Select(i => Address($"10.0.{i / 256}.{i % 256}")).ToList() } };

        Assert.False(EndpointSubsets.Truncate(subsets));
        Assert.Equal(1000, subsets[0].Addresses.Count);
    }

    [Fact]
    public void Truncate_TooManyNotReady_KeepsEveryReadyAndFillsUpWithNotReady()
    {
        var subsets = new List<V1EndpointSubset>
        {
            new()
            {
                Addresses = Enumerable.Range(0, 600).Select(i => Address($"10.0.{i / 256}.{i % 256}")).ToList(),
                NotReadyAddresses = Enumerable.Range(0, 600).Select(i => Address($"10.1.{i / 256}.{i % 256}")).ToList(),
            },
        };

        Assert.True(EndpointSubsets.Truncate(subsets));
        Assert.Equal((600, 400), (subsets[0].Addresses.Count, subsets[0].NotReadyAddresses.Count));
    }

    [Fact]
    public void Truncate_TooManyReady_SpreadsProportionallyAndDropsNotReady()
    {
        var subsets = new List<V1EndpointSubset>
        {
            new() { Addresses = Enumerable.Range(0, 900).Select(i => Address($"10.0.{i / 256}.{i % 256}")).ToList(), NotReadyAddresses = [Address("10.9.0.1")] },
            new() { Addresses = Enumerable.Range(0, 300).Select(i => Address($"10.1.{i / 256}.{i % 256}")).ToList() },
        };

        Assert.True(EndpointSubsets.Truncate(subsets));
        Assert.Equal((750, 250), (subsets[0].Addresses.Count, subsets[1].Addresses.Count));
        Assert.Null(subsets[0].NotReadyAddresses);
    }

    [Fact]
    public void TriggerTimeFormat_IsRfc3339NanoWithTrailingZerosTrimmed()
    {
        Assert.Equal("2024-05-01T10:00:03Z", TriggerTimeTracker.Format(new DateTime(2024, 5, 1, 10, 0, 3, DateTimeKind.Utc)));
        Assert.Equal("2024-05-01T10:00:03.5Z", TriggerTimeTracker.Format(new DateTime(2024, 5, 1, 10, 0, 3, 500, DateTimeKind.Utc)));
    }
}
