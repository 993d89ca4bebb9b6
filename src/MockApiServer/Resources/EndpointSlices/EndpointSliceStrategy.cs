using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.EndpointSlices;

/// <summary>
/// discovery.k8s.io/v1 EndpointSlice: no status; port names default to "" and protocols to TCP
/// (SetDefaults_EndpointPort); addressType is immutable.
/// </summary>
public sealed class EndpointSliceStrategy() : ResourceStrategy<V1EndpointSlice>(new EndpointSliceValidator())
{
    public override ITablePrinter Table { get; } = new EndpointSliceTable();

    public override bool HasStatus => false;

    protected override void PrepareForCreate(V1EndpointSlice slice) => Default(slice);

    protected override void PrepareForUpdate(V1EndpointSlice slice, V1EndpointSlice old) => Default(slice);

    protected override IReadOnlyList<FieldError> ValidateUpdate(V1EndpointSlice slice, V1EndpointSlice old)
    {
        var errors = Validate(slice).ToList();
        if (slice.AddressType != old.AddressType) errors.Add(FieldError.Invalid("addressType", slice.AddressType, "field is immutable"));
        return errors;
    }

    private static void Default(V1EndpointSlice slice)
    {
        foreach (var port in slice.Ports ?? [])
        {
            port.Name ??= "";
            port.Protocol ??= "TCP";
        }
    }
}
