using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Nodes;

/// <summary>Kubernetes' validation of a Node beyond object metadata.</summary>
public sealed class NodeValidator : AbstractValidator<V1Node>
{
}
