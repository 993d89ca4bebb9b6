using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Endpoints;

/// <summary>Endpoints: no status; ports default to TCP (SetDefaults_Endpoints).</summary>
public sealed class EndpointsStrategy() : ResourceStrategy<V1Endpoints>(EndpointsValidation.ValidateCreate)
{
    public override ITablePrinter Table { get; } = new EndpointsTable();

    public override bool HasStatus => false;

    protected override void ApplyDefaults(V1Endpoints endpoints)
    {
        foreach (var subset in endpoints.Subsets ?? [])
            foreach (var port in subset.Ports ?? []) port.Protocol ??= "TCP";
    }
}
