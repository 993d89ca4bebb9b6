using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>A RouteReview's spec: a parseable destination, a known protocol, and at most one source.</summary>
public static class RouteReviewValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(RouteReview review)
    {
        var errors = new List<FieldError>();
        var spec = review.Spec;
        if (string.IsNullOrWhiteSpace(spec.Destination)) errors.Add(FieldError.Required("spec.destination", "an IP:port, a DNS name:port or a URL"));
        else if (RouteDestination.Parse(spec.Destination) is null)
            errors.Add(FieldError.Invalid("spec.destination", spec.Destination, "must be IP:port, name:port or a URL"));
        if (!PortValidation.Protocols.Contains(spec.Protocol)) errors.Add(FieldError.NotSupported("spec.protocol", spec.Protocol, PortValidation.Protocols));
        if (spec.SourcePod is not null && spec.SourceIp is not null) errors.Add(FieldError.Forbidden("spec.sourceIP", "may not be set together with spec.sourcePod"));
        if (spec.SourcePod is { } pod && string.IsNullOrEmpty(pod.Name)) errors.Add(FieldError.Required("spec.sourcePod.name"));
        if (spec.SourceIp is { } ip && !System.Net.IPAddress.TryParse(ip, out _)) errors.Add(FieldError.Invalid("spec.sourceIP", ip, "must be a valid IP address"));
        return errors;
    }
}
