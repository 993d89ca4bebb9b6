using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Leases;

/// <summary>coordination.k8s.io/v1 Lease: no status; what leader election and node heartbeats write.</summary>
public sealed class LeaseStrategy() : ResourceStrategy<V1Lease>(LeaseValidation.ValidateCreate)
{
    public override ITablePrinter Table { get; } = new LeaseTable();

    public override bool HasStatus => false;
}

/// <summary>ValidateLeaseSpec (k/k pkg/apis/coordination/validation).</summary>
public static class LeaseValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(V1Lease lease)
    {
        var errors = new List<FieldError>();
        if (lease.Spec?.LeaseDurationSeconds is { } duration && duration <= 0)
            errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        if (lease.Spec?.LeaseTransitions is { } transitions && transitions < 0)
            errors.Add(FieldError.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        return errors;
    }
}

/// <summary>kubectl get columns for Leases (k/k printers.go printLease).</summary>
public sealed class LeaseTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Holder", "string", "", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var lease = (V1Lease)obj;
        return [lease.Metadata.Name, lease.Spec?.HolderIdentity ?? "", HumanDuration.Age(lease.Metadata.CreationTimestamp, now)];
    }
}
