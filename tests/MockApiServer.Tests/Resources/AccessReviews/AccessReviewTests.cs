using k8s;
using k8s.Models;
using MockApiServer.Tests.Hosting;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.AccessReviews;

/// <summary>Access reviews through the official client, as the token file's user alice (groups dev, ops).</summary>
public sealed class AccessReviewTests(TokenAuthenticationTests.Fixture factory) : IClassFixture<TokenAuthenticationTests.Fixture>
{
    private readonly IKubernetes _client = factory.Client;

    [Fact]
    public async Task SelfSubjectReview_IsTheTokenFilesUserWithSystemAuthenticated()
    {
        var review = await _client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());

        Assert.Equal(("alice", "1000"), (review.Status.UserInfo.Username, review.Status.UserInfo.Uid));
        Assert.Equal(["dev", "ops", "system:authenticated"], review.Status.UserInfo.Groups);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_IsAllowedAsByAlwaysAllow()
    {
        var review = await _client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = "create", Resource = "pods", NamespaceProperty = "default" } },
        });

        Assert.True(review.Status.Allowed);
        Assert.Equal("create", review.Spec.ResourceAttributes.Verb);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_WithoutAttributes_IsInvalid()
    {
        await StatusAssert.FailsAsync(() => _client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview { Spec = new V1SelfSubjectAccessReviewSpec() }),
            422, "Invalid",
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: (*authorization.NonResourceAttributes)(nil): exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }

    [Fact]
    public async Task SelfSubjectRulesReview_GrantsEverythingAndNeedsANamespace()
    {
        var review = await _client.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = "default" } });

        var rule = review.Status.ResourceRules.Single();
        Assert.Equal(["*", "*", "*"], rule.Verbs.Concat(rule.ApiGroups).Concat(rule.Resources));
        Assert.Equal(["*"], review.Status.NonResourceRules.Single().NonResourceURLs);
        Assert.False(review.Status.Incomplete);
        await StatusAssert.FailsAsync(() => _client.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec() }),
            400, "BadRequest", "no namespace on request");
    }
}
