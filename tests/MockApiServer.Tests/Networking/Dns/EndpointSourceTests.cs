using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking.Dns;
using MockApiServer.Resources;

namespace MockApiServer.Tests.Networking.Dns;

/// <summary>EndpointSlices win when the kind is served and the service has some; v1 Endpoints otherwise.</summary>
public sealed class EndpointSourceTests
{
    private readonly ResourceRegistry _registry = new ResourceRegistry().AddCoreResources().AddDiscoveryResources();

    private CacheSnapshot Snapshot(params (string Plural, IKubernetesObject<V1ObjectMeta> Object)[] objects) =>
        CacheSnapshot.Empty.With(1, objects.Select(o =>
        {
            var resource = o.Plural == "endpointslices" ? _registry.Get("discovery.k8s.io", o.Plural) : _registry.Get("", o.Plural);
            var stored = new StoredObject(resource, o.Object, KubeJson.SerializeToUtf8Bytes(o.Object));
            return (resource, stored.Namespace, stored.Name, (StoredObject?)stored);
        }));

    private static V1EndpointSlice Slice(string name, string service, params (string Ip, bool? Ready, string? Hostname)[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Labels = new Dictionary<string, string> { [EndpointSource.ServiceNameLabel] = service } },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
        Endpoints = endpoints.Select(e => new V1Endpoint { Addresses = [e.Ip], Hostname = e.Hostname, Conditions = new V1EndpointConditions { Ready = e.Ready } }).ToList(),
    };

    private static V1Endpoints Endpoints(string name, string ip) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = ip }] }],
    };

    [Fact]
    public void Ready_FromSlices_KeepsReadyAndUnsetConditionsAcrossSlicesOfTheService()
    {
        var snapshot = Snapshot(
            ("endpointslices", Slice("web-a", "web", ("10.0.0.1", true, "web-0"), ("10.0.0.2", false, null))),
            ("endpointslices", Slice("web-b", "web", ("10.0.0.3", null, null))),
            ("endpointslices", Slice("other-a", "other", ("10.0.0.9", true, null))),
            ("endpoints", Endpoints("web", "10.9.9.9")));

        var ready = new EndpointSource(_registry).Ready(snapshot, "ns", "web");

        Assert.Equal(["10.0.0.1", "10.0.0.3"], ready.Select(e => e.Ip).Order());
        Assert.Equal("web-0", ready.Single(e => e.Ip == "10.0.0.1").Label);
        Assert.Equal(8080, Assert.Single(ready[0].Ports).Port);
    }

    [Fact]
    public void Ready_WithoutSlicesForTheService_FallsBackToEndpoints()
    {
        var snapshot = Snapshot(("endpoints", Endpoints("web", "10.9.9.9")));

        Assert.Equal("10.9.9.9", Assert.Single(new EndpointSource(_registry).Ready(snapshot, "ns", "web")).Ip);
    }
}
