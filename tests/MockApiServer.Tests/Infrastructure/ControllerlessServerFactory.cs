using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using MockApiServer.Controllers;
using MockApiServer.Machinery;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// A server without the endpoint controllers running, so a test calls a controller's SyncAsync
/// itself and counts the writes it made (the store revision before and after).
/// </summary>
public sealed class ControllerlessServerFactory : MockApiServerFactory
{
    /// <summary>The endpoint controllers are off (--controllers), so tests run their syncs by hand; so are the node lifecycle, scheduler and kubelet, whose part the tests play.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Controllers", "*,-node,-kubelet,-scheduler,-endpoints,-endpointslice,-endpointslice-mirroring")];

    public ResourceStore Store => Services.GetRequiredService<ResourceStore>();

    /// <summary>The global revision: it moves exactly when something was written.</summary>
    public long Revision => Store.Snapshot.Revision;

    public EndpointsController NewEndpointsController() =>
        new(Store, Services.GetRequiredService<EventRecorder>(), TimeProvider.System, NullLogger<EndpointsController>.Instance);

    public EndpointSliceController NewEndpointSliceController() =>
        new(Store, TimeProvider.System, NullLogger<EndpointSliceController>.Instance);

    public EndpointSliceMirroringController NewMirroringController() =>
        new(Store, Services.GetRequiredService<EventRecorder>(), TimeProvider.System, NullLogger<EndpointSliceMirroringController>.Instance);
}
