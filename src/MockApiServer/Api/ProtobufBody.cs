using Google.Protobuf;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Kubernetes protobuf request bodies, as kubectl 1.32+ sends for `create namespace` and
/// `create service`: the magic "k8s\0", then runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind},
/// 2 raw, 3 contentEncoding, 4 contentType} whose raw is the object's own message.
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly Dictionary<Type, Func<ProtobufReader, IKubernetesObject<V1ObjectMeta>>> Readers = new()
    {
        [typeof(V1Namespace)] = ProtobufNamespace.Read,
        [typeof(V1Service)] = ProtobufService.Read,
    };

    /// <summary>
    /// Decodes the body into the kind's model type. Throws a 400 Status for a malformed body or
    /// another kind, and a 415 for a kind this server cannot read from protobuf.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> Decode(byte[] body, ResourceDefinition resource)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw StatusErrors.BadRequest($"provided data does not appear to be a protobuf message, expected prefix [{string.Join(' ', Magic)}]");
        try
        {
            var unknown = ReadUnknown(new ProtobufReader(body, Magic.Length, body.Length - Magic.Length));
            CheckTypeMeta(unknown, resource);
            if (!Readers.TryGetValue(resource.ModelType, out var read)) throw StatusErrors.UnsupportedMediaType(MediaType);
            var obj = read(unknown.Raw);
            obj.ApiVersion = resource.ApiVersion;
            obj.Kind = resource.Kind;
            obj.Metadata ??= new V1ObjectMeta();
            return obj;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or ArgumentOutOfRangeException)
        {
            throw StatusErrors.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: protobuf: {e.Message}");
        }
    }

    private sealed record Unknown(string ApiVersion, string Kind, ProtobufReader Raw, string ContentEncoding);

    private static Unknown ReadUnknown(ProtobufReader r)
    {
        string apiVersion = "", kind = "", contentEncoding = "";
        ProtobufReader? raw = null;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: (apiVersion, kind) = ReadTypeMeta(r.Message()); break;
                case 2: raw = r.Message(); break;
                case 3: contentEncoding = r.Text(); break;
                default: r.Skip(); break;
            }
        }
        return new Unknown(apiVersion, kind, raw ?? throw new FormatException("the runtime.Unknown has no raw object"), contentEncoding);
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ProtobufReader r)
    {
        string apiVersion = "", kind = "";
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: apiVersion = r.Text(); break;
                case 2: kind = r.Text(); break;
                default: r.Skip(); break;
            }
        }
        return (apiVersion, kind);
    }

    private static void CheckTypeMeta(Unknown unknown, ResourceDefinition resource)
    {
        if (unknown.Kind.Length == 0)
            throw StatusErrors.BadRequest("Object 'Kind' is missing in the protobuf body");
        RequestBody.CheckTypeMeta(unknown.ApiVersion, unknown.Kind, resource);
        if (unknown.ContentEncoding.Length > 0)
            throw StatusErrors.BadRequest($"the protobuf body's contentEncoding \"{unknown.ContentEncoding}\" is not supported");
    }
}
