using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// pods/binding (k/k registry/core/pod/storage BindingREST.assignPod): sets spec.nodeName and
/// PodScheduled=True in one write, once. Like the real one it writes the pod directly rather than
/// through the update strategy, since spec is otherwise immutable (<see cref="ResourceStore.UpdateDirectAsync"/>).
/// </summary>
public sealed class PodBinder(ResourceStore store)
{
    private ResourceDefinition Pods => store.Registry.Get("", "pods");

    /// <exception cref="ApiException">404 for a missing pod, 409 when it is bound or being deleted, 400/422 for a bad binding.</exception>
    public Task<StoredObject> BindAsync(string ns, string name, V1Binding binding)
    {
        if (binding.Metadata?.Name is { Length: > 0 } bodyName && bodyName != name)
            throw StatusErrors.BadRequest("name in URL does not match name in Binding object");
        var node = binding.Target?.Name ?? "";
        if (binding.Target?.Kind is { Length: > 0 } kind && kind != "Node")
            throw StatusErrors.Invalid("", "Binding", name, [FieldError.Invalid("target.kind", kind, "must be empty or 'Node'")]);
        if (node.Length == 0)
            throw StatusErrors.Invalid("", "Binding", name, [FieldError.Required("target.name", "")]);
        var uid = binding.Metadata?.Uid;
        return store.UpdateDirectAsync(Pods, ns, name, (obj, now) =>
        {
            var pod = (V1Pod)obj;
            if (!string.IsNullOrEmpty(uid) && uid != pod.Metadata.Uid)
                throw StatusErrors.Conflict("", "pods", name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod.Metadata.Uid}");
            if (pod.Metadata.DeletionTimestamp is not null)
                throw StatusErrors.Conflict("", "pods", name, $"pod {name} is being deleted, cannot be assigned to a host");
            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
                throw StatusErrors.Conflict("", "pods", name, $"pod {name} is already assigned to node \"{pod.Spec.NodeName}\"");
            pod.Spec.NodeName = node;
            PodConditions.Set(pod.Status ??= new V1PodStatus(), "PodScheduled", "True", null, null, now);
            return pod;
        });
    }
}
