using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>Our own group, mockapi.dev/v1: the review kinds that ask the simulation questions.</summary>
public static class MockApiResources
{
    public const string Group = "mockapi.dev";

    public static ResourceRegistry AddMockApiResources(this ResourceRegistry registry) => registry
        .Add(new ResourceDefinition
        {
            Group = Group,
            Version = "v1",
            Kind = "RouteReview",
            Plural = "routereviews",
            Namespaced = false,
            ModelType = typeof(RouteReviews.RouteReview),
            Strategy = new RouteReviews.RouteReviewStrategy(),
        })
        .Add(new ResourceDefinition
        {
            Group = Group,
            Version = "v1",
            Kind = DnsQueries.V1DnsQuery.KubeKind,
            Plural = DnsQueries.V1DnsQuery.KubePlural,
            Namespaced = false,
            ModelType = typeof(DnsQueries.V1DnsQuery),
            Strategy = new DnsQueries.DnsQueryStrategy(),
        });
}
