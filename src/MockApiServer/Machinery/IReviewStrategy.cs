using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// A create-only "review" kind (like SubjectAccessReview): POST decodes, defaults and validates
/// the object as for any create, then <see cref="Review"/> computes the answer, which is
/// returned with 201 and never stored. Discovery lists only the create verb.
/// </summary>
public interface IReviewStrategy
{
    /// <summary>Fills in the answer (usually status) of a validated request. Must not write to the store.</summary>
    IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services);
}
