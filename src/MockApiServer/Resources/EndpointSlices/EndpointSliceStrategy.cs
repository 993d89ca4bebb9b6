using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.EndpointSlices;

/// <summary>
/// discovery.k8s.io/v1 EndpointSlice: no status; port names default to "" and protocols to TCP
/// (SetDefaults_EndpointPort); addressType is immutable.
/// </summary>
public sealed class EndpointSliceStrategy() : ResourceStrategy<V1EndpointSlice>(EndpointSliceValidation.ValidateCreate, EndpointSliceValidation.ValidateUpdate)
{
    public override ITablePrinter Table { get; } = new EndpointSliceTable();

    public override bool HasStatus => false;

    protected override void ApplyDefaults(V1EndpointSlice slice)
    {
        foreach (var port in slice.Ports ?? [])
        {
            port.Name ??= "";
            port.Protocol ??= "TCP";
        }
    }
}
