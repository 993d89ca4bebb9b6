using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>Kubernetes' validation of a Pod beyond object metadata.</summary>
public sealed class PodValidator : AbstractValidator<V1Pod>
{
}
