using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>A request failure that is answered with its Kubernetes <see cref="V1Status"/>.</summary>
public sealed class ApiException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;

    public int Code => Status.Code ?? 500;

    public string? Reason => Status.Reason;
}
