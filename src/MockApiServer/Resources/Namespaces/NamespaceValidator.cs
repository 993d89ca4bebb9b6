using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Namespaces;

/// <summary>Kubernetes' validation of a Namespace beyond object metadata.</summary>
public sealed class NamespaceValidator : AbstractValidator<V1Namespace>
{
}
