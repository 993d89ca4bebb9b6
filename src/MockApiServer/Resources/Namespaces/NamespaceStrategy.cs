using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Namespaces;

/// <summary>
/// Namespaces: a DNS-1123 label name, the kubernetes.io/metadata.name label, phase Active, and a
/// delete that only marks the namespace Terminating; the namespace controller finishes it.
/// </summary>
public sealed class NamespaceStrategy() : ResourceStrategy<V1Namespace>(NamespaceValidation.ValidateCreate), IGracefulDeleteStrategy
{
    public const string NameLabel = "kubernetes.io/metadata.name";
    public const string KubernetesFinalizer = "kubernetes";
    public static readonly IReadOnlySet<string> Undeletable = new HashSet<string> { "default", "kube-system", "kube-public" };

    public override ITablePrinter Table { get; } = new NamespaceTable();

    protected override IReadOnlyDictionary<string, Func<V1Namespace, string?>> Fields { get; } =
        new Dictionary<string, Func<V1Namespace, string?>> { ["status.phase"] = n => n.Status?.Phase };

    public override IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1123Label(name);

    protected override void PrepareForCreate(V1Namespace ns)
    {
        ns.Status = new V1NamespaceStatus { Phase = "Active" };
        ns.Spec ??= new V1NamespaceSpec();
        ns.Spec.Finalizers ??= [KubernetesFinalizer];
        SetNameLabel(ns);
    }

    protected override void PrepareForUpdate(V1Namespace ns, V1Namespace old)
    {
        base.PrepareForUpdate(ns, old);
        ns.Spec = old.Spec;
        SetNameLabel(ns);
    }

    public bool BeginGracefulDelete(IWriteTransaction tx, IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options)
    {
        var ns = (V1Namespace)obj;
        if (Undeletable.Contains(ns.Metadata.Name))
            throw StatusErrors.Forbidden("", "namespaces", ns.Metadata.Name, "this namespace may not be deleted");
        ns.Status ??= new V1NamespaceStatus();
        ns.Status.Phase = "Terminating";
        ns.Metadata.DeletionTimestamp ??= tx.Now;
        ns.Metadata.DeletionGracePeriodSeconds ??= 0;
        return true;
    }

    private static void SetNameLabel(V1Namespace ns)
    {
        ns.Metadata.Labels ??= new Dictionary<string, string>();
        ns.Metadata.Labels[NameLabel] = ns.Metadata.Name ?? "";
    }
}
