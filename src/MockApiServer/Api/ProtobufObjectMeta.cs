using k8s.Models;

namespace MockApiServer.Api;

/// <summary>metav1.ObjectMeta and OwnerReference, field numbers from k8s.io/apimachinery's generated.proto.</summary>
internal static class ProtobufObjectMeta
{
    public static V1ObjectMeta Read(ProtobufReader r)
    {
        var meta = new V1ObjectMeta();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: meta.Name = r.String(); break;
                case 2: meta.GenerateName = r.String(); break;
                case 3: meta.NamespaceProperty = r.String(); break;
                case 4: meta.SelfLink = r.String(); break;
                case 5: meta.Uid = r.String(); break;
                case 6: meta.ResourceVersion = r.String(); break;
                case 7: meta.Generation = r.Int64(); break;
                case 8: meta.CreationTimestamp = r.Time(); break;
                case 9: meta.DeletionTimestamp = r.Time(); break;
                case 10: meta.DeletionGracePeriodSeconds = r.Int64(); break;
                case 11: meta.Labels = r.MapEntry(meta.Labels); break;
                case 12: meta.Annotations = r.MapEntry(meta.Annotations); break;
                case 13: meta.OwnerReferences = ProtobufReader.Append(meta.OwnerReferences, ReadOwnerReference(r.Message())); break;
                case 14: meta.Finalizers = r.ListItem(meta.Finalizers); break;
                default: r.Skip(); break;
            }
        }
        return meta;
    }

    private static V1OwnerReference ReadOwnerReference(ProtobufReader r)
    {
        var owner = new V1OwnerReference();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: owner.Kind = r.String(); break;
                case 3: owner.Name = r.String(); break;
                case 4: owner.Uid = r.String(); break;
                case 5: owner.ApiVersion = r.String(); break;
                case 6: owner.Controller = r.Bool(); break;
                case 7: owner.BlockOwnerDeletion = r.Bool(); break;
                default: r.Skip(); break;
            }
        }
        return owner;
    }
}
