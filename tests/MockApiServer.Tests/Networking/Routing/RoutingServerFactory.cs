using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Machinery;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Networking.Routing;

/// <summary>
/// A server with the EndpointSlice kind, for routing tests on branches where it is not yet
/// registered: a minimal discovery.k8s.io/v1 definition (no defaults, no validation) added to
/// the server's registry. Where the real kind is registered, that one is used.
/// </summary>
public sealed class RoutingServerFactory : MockApiServerFactory
{
    /// <summary>The tests write pod and load-balancer status and EndpointSlices themselves, so the controllers that would race them are off.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Seed", "42"), new("Controllers", "*,-kubelet,-scheduler,-loadbalancer,-endpoints,-endpointslice,-endpointslice-mirroring")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var registry = (ResourceRegistry)services.Single(d => d.ServiceType == typeof(ResourceRegistry)).ImplementationInstance!;
            if (registry.Find("discovery.k8s.io", "v1", "endpointslices") is null) registry.Add(EndpointSlices);
        });
    }

    private static readonly ResourceDefinition EndpointSlices = new()
    {
        Group = "discovery.k8s.io",
        Version = "v1",
        Kind = "EndpointSlice",
        Plural = "endpointslices",
        Namespaced = true,
        ModelType = typeof(V1EndpointSlice),
        Strategy = new MinimalEndpointSliceStrategy(),
    };

    private sealed class MinimalEndpointSliceStrategy : ResourceStrategy<V1EndpointSlice>
    {
        public override ITablePrinter Table { get; } = new NameOnly();

        public override bool HasStatus => false;
    }

    private sealed class NameOnly : ITablePrinter
    {
        public IReadOnlyList<TableColumn> Columns { get; } = [TableColumns.Name];

        public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now) => [obj.Metadata.Name];
    }
}
