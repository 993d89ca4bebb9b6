using FluentValidation;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Events;

/// <summary>Kubernetes' validation of a Event beyond object metadata.</summary>
public sealed class EventValidator : AbstractValidator<Corev1Event>
{
}
