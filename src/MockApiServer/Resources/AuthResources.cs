using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>The authorization.k8s.io and authentication.k8s.io review kinds (kubectl auth can-i, auth whoami), and coordination.k8s.io Leases.</summary>
public static class AuthResources
{
    public static ResourceRegistry AddCoordinationResources(this ResourceRegistry registry) => registry
        .Add(new ResourceDefinition
        {
            Group = "coordination.k8s.io",
            Version = "v1",
            Kind = "Lease",
            Plural = "leases",
            Namespaced = true,
            ModelType = typeof(V1Lease),
            Strategy = new Leases.LeaseStrategy(),
        });

    public static ResourceRegistry AddAuthResources(this ResourceRegistry registry) => registry
        .Add(Review<V1SelfSubjectAccessReview>("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", new AccessReviews.SelfSubjectAccessReviewStrategy()))
        .Add(Review<V1SelfSubjectRulesReview>("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", new AccessReviews.SelfSubjectRulesReviewStrategy()))
        .Add(Review<V1SelfSubjectReview>("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", new AccessReviews.SelfSubjectReviewStrategy()));

    private static ResourceDefinition Review<T>(string group, string kind, string plural, IResourceStrategy strategy) => new()
    {
        Group = group,
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Namespaced = false,
        ModelType = typeof(T),
        Strategy = strategy,
    };
}
