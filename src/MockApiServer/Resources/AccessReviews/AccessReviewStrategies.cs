using System.Globalization;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.AccessReviews;

/// <summary>
/// authorization.k8s.io/v1 SelfSubjectAccessReview: "may I?" for the requesting user. The server
/// authorizes as kube-apiserver's AlwaysAllow authorizer does (no RBAC is modelled), so every
/// attribute set is allowed, with AlwaysAllow's empty reason.
/// </summary>
public sealed class SelfSubjectAccessReviewStrategy : ResourceStrategy<V1SelfSubjectAccessReview>, IReviewStrategy
{
    public override ITablePrinter Table { get; } = new ReviewTable();

    public override bool HasStatus => false;

    public override IReadOnlyList<string> ValidateName(string name) => name.Length == 0 ? [] : base.ValidateName(name);

    protected override IReadOnlyList<FieldError> Validate(V1SelfSubjectAccessReview review) => [.. base.Validate(review), .. AccessReviewValidation.ValidateSpec(review.Spec)];

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services)
    {
        var review = (V1SelfSubjectAccessReview)request;
        review.Status = new V1SubjectAccessReviewStatus { Allowed = true };
        return review;
    }
}

/// <summary>authorization.k8s.io/v1 SelfSubjectRulesReview: what the user may do in a namespace — AlwaysAllow's RulesFor, everything.</summary>
public sealed class SelfSubjectRulesReviewStrategy : ResourceStrategy<V1SelfSubjectRulesReview>, IReviewStrategy
{
    public override ITablePrinter Table { get; } = new ReviewTable();

    public override bool HasStatus => false;

    public override IReadOnlyList<string> ValidateName(string name) => name.Length == 0 ? [] : base.ValidateName(name);

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services)
    {
        var review = (V1SelfSubjectRulesReview)request;
        if (string.IsNullOrEmpty(review.Spec?.NamespaceProperty)) throw StatusErrors.BadRequest("no namespace on request");
        review.Status = new V1SubjectRulesReviewStatus
        {
            ResourceRules = [new V1ResourceRule { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] }],
            NonResourceRules = [new V1NonResourceRule { Verbs = ["*"], NonResourceURLs = ["*"] }],
            Incomplete = false,
        };
        return review;
    }
}

/// <summary>authentication.k8s.io/v1 SelfSubjectReview (kubectl auth whoami): the requesting user's attributes.</summary>
public sealed class SelfSubjectReviewStrategy : ResourceStrategy<V1SelfSubjectReview>, IReviewStrategy
{
    public override ITablePrinter Table { get; } = new ReviewTable();

    public override bool HasStatus => false;

    public override IReadOnlyList<string> ValidateName(string name) => name.Length == 0 ? [] : base.ValidateName(name);

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services)
    {
        var user = services.GetService<RequestUser>()?.User ?? UserInfo.Anonymous;
        var review = (V1SelfSubjectReview)request;
        review.Status = new V1SelfSubjectReviewStatus
        {
            UserInfo = new V1UserInfo { Username = user.Name, Uid = user.Uid.Length == 0 ? null : user.Uid, Groups = [.. user.Groups] },
        };
        return review;
    }
}

/// <summary>kube-apiserver's default table for kinds without a printer: Name and Created At.</summary>
public sealed class ReviewTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Created At", "date", "", TableColumns.Age.Description),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now) =>
        [obj.Metadata?.Name ?? "", (obj.Metadata?.CreationTimestamp ?? DateTime.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)];
}
