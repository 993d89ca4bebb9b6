using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Machinery.Validation;
using MockApiServer.Networking;

namespace MockApiServer.Resources.Services;

/// <summary>Services: defaults, validation, an empty load-balancer status on create, ClusterIP and nodePort allocation.</summary>
public sealed class ServiceStrategy(ServiceAllocation allocation) : ResourceStrategy<V1Service>(ServiceValidation.ValidateCreate)
{
    public override ITablePrinter Table { get; } = new ServiceTable();

    protected override IReadOnlyDictionary<string, Func<V1Service, string?>> Fields { get; } = new Dictionary<string, Func<V1Service, string?>>
    {
        ["spec.clusterIP"] = s => s.Spec?.ClusterIP,
        ["spec.type"] = s => s.Spec?.Type,
    };

    public override IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1035Label(name);

    protected override void PrepareForCreate(V1Service service)
    {
        service.Spec ??= new V1ServiceSpec();
        ServiceDefaults.Apply(service);
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
        ServiceAllocation.PrepareForCreate(service);
    }

    protected override void PrepareForUpdate(V1Service service, V1Service old)
    {
        service.Spec ??= new V1ServiceSpec();
        ServiceDefaults.Apply(service);
        base.PrepareForUpdate(service, old);
        ServiceAllocation.PrepareForUpdate(service, old);
    }

    protected override IReadOnlyList<FieldError> ValidateUpdate(V1Service service, V1Service old) =>
        [.. base.ValidateUpdate(service, old), .. ServiceAllocation.ValidateUpdate(service, old)];

    protected override void BeforeCreate(IWriteTransaction tx, V1Service service) => allocation.AllocateCreate(tx, service);

    protected override void BeforeUpdate(IWriteTransaction tx, V1Service service, V1Service old) => allocation.AllocateUpdate(tx, service, old);

    protected override void AfterDelete(IWriteTransaction tx, V1Service old) => allocation.Release(tx, old);
}
