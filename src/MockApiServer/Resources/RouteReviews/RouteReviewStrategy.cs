using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>RouteReview: create-only, unnamed allowed, status computed by <see cref="RouteReviewer"/>.</summary>
public sealed class RouteReviewStrategy : ResourceStrategy<RouteReview>, IReviewStrategy
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public override ITablePrinter Table { get; } = new RouteReviewTable();

    public override bool HasStatus => false;

    /// <summary>Reviews need no name, as SubjectAccessReviews.</summary>
    public override IReadOnlyList<string> ValidateName(string name) => name.Length == 0 ? [] : base.ValidateName(name);

    protected override void PrepareForCreate(RouteReview review)
    {
        review.Status = null;
        review.Spec ??= new RouteReviewSpec();
        review.Spec.Protocol ??= "TCP";
    }

    protected override IReadOnlyList<FieldError> Validate(RouteReview review)
    {
        var errors = base.Validate(review).ToList();
        var spec = review.Spec;
        if (string.IsNullOrWhiteSpace(spec.Destination)) errors.Add(FieldError.Required("spec.destination", "an IP:port, a DNS name:port or a URL"));
        else if (RouteDestination.Parse(spec.Destination) is null)
            errors.Add(FieldError.Invalid("spec.destination", spec.Destination, "must be IP:port, name:port or a URL"));
        if (!Protocols.Contains(spec.Protocol)) errors.Add(FieldError.NotSupported("spec.protocol", spec.Protocol, Protocols));
        if (spec.SourcePod is not null && spec.SourceIp is not null) errors.Add(FieldError.Forbidden("spec.sourceIP", "may not be set together with spec.sourcePod"));
        if (spec.SourcePod is { } pod && string.IsNullOrEmpty(pod.Name)) errors.Add(FieldError.Required("spec.sourcePod.name"));
        if (spec.SourceIp is { } ip && !System.Net.IPAddress.TryParse(ip, out _)) errors.Add(FieldError.Invalid("spec.sourceIP", ip, "must be a valid IP address"));
        return errors;
    }

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services) =>
        services.GetRequiredService<RouteReviewer>().Review((RouteReview)request);
}
