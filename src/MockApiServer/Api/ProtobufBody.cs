using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>Kubernetes protobuf request bodies ("k8s\0" + runtime.Unknown), as kubectl 1.32+ sends for some creates.</summary>
public static class ProtobufBody
{
    public static IKubernetesObject<V1ObjectMeta> Decode(byte[] body, ResourceDefinition resource) =>
        throw StatusErrors.UnsupportedMediaType("application/vnd.kubernetes.protobuf");
}
