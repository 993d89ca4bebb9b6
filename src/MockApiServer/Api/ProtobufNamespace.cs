using k8s.Models;

namespace MockApiServer.Api;

/// <summary>core/v1 Namespace {1 metadata, 2 spec {1 finalizers}, 3 status {1 phase}}.</summary>
internal static class ProtobufNamespace
{
    public static V1Namespace Read(ProtobufReader r)
    {
        var ns = new V1Namespace();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: ns.Metadata = ProtobufObjectMeta.Read(r.Message()); break;
                case 2: ns.Spec = ReadSpec(r.Message()); break;
                case 3: ns.Status = ReadStatus(r.Message()); break;
                default: r.Skip(); break;
            }
        }
        return ns;
    }

    private static V1NamespaceSpec ReadSpec(ProtobufReader r)
    {
        var spec = new V1NamespaceSpec();
        while (r.Next())
        {
            if (r.Field == 1) spec.Finalizers = r.ListItem(spec.Finalizers);
            else r.Skip();
        }
        return spec;
    }

    private static V1NamespaceStatus ReadStatus(ProtobufReader r)
    {
        var status = new V1NamespaceStatus();
        while (r.Next())
        {
            if (r.Field == 1) status.Phase = r.String();
            else r.Skip();
        }
        return status;
    }
}
