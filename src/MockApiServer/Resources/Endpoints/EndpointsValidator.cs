using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Endpoints;

/// <summary>Kubernetes' validation of a Endpoints beyond object metadata.</summary>
public sealed class EndpointsValidator : AbstractValidator<V1Endpoints>
{
}
