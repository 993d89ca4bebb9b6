using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// A kind with a scale subresource (autoscaling/v1 Scale): how its replicas read and write, as
/// kube-apiserver's per-kind ScaleREST does. The Scale's metadata is the object's own.
/// </summary>
public interface IScaleStrategy
{
    /// <summary>spec.replicas, status.replicas and the selector (metav1.FormatLabelSelector form, "" when none).</summary>
    (int SpecReplicas, int StatusReplicas, string Selector) ReadScale(IKubernetesObject<V1ObjectMeta> obj);

    /// <summary>Sets spec.replicas on a private copy of the object.</summary>
    void WriteReplicas(IKubernetesObject<V1ObjectMeta> obj, int replicas);
}
