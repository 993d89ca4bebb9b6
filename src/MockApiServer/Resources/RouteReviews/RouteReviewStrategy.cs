using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>RouteReview: create-only, unnamed allowed, status computed by <see cref="RouteReviewer"/>.</summary>
public sealed class RouteReviewStrategy() : ResourceStrategy<RouteReview>(RouteReviewValidation.ValidateCreate), IReviewStrategy
{
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

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services) =>
        services.GetRequiredService<RouteReviewer>().Review((RouteReview)request);
}
