using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.AccessReviews;

/// <summary>ValidateSelfSubjectAccessReviewSpec (k/k pkg/apis/authorization/validation): exactly one kind of attributes.</summary>
public static class AccessReviewValidation
{
    public static IReadOnlyList<FieldError> ValidateSpec(V1SelfSubjectAccessReviewSpec? spec)
    {
        var resource = spec?.ResourceAttributes;
        var nonResource = spec?.NonResourceAttributes;
        if (resource is null && nonResource is null)
            return [FieldError.Invalid("spec.resourceAttributes", new GoValue("(*authorization.NonResourceAttributes)(nil)"), "exactly one of nonResourceAttributes or resourceAttributes must be specified")];
        if (resource is not null && nonResource is not null)
            return [FieldError.Invalid("spec.nonResourceAttributes", new GoValue($"&authorization.NonResourceAttributes{{Path:{FieldError.Render(nonResource.Path ?? "")}, Verb:{FieldError.Render(nonResource.Verb ?? "")}}}"),
                "cannot be specified in combination with resourceAttributes")];
        return [];
    }

    /// <summary>A value as Go's %#v prints it, given as that text.</summary>
    private sealed record GoValue(string Text)
    {
        public override string ToString() => Text;
    }
}
