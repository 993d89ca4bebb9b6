using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Services;

/// <summary>Kubernetes' validation of a Service beyond object metadata.</summary>
public sealed class ServiceValidator : AbstractValidator<V1Service>
{
}
