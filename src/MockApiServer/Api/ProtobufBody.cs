using System.Text.Json.Nodes;
using Google.Protobuf;
using k8s;
using k8s.Models;
using MockApiServer.Api.Protobuf;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Kubernetes protobuf request bodies (<c>application/vnd.kubernetes.protobuf</c>, as client-go and
/// kubectl send them): the <c>k8s\0</c> envelope around the object's message, decoded through
/// <see cref="ProtobufJson"/> into the JSON the same object would have had, so every body goes
/// on through the JSON path (type meta checks, the model, the "cannot be handled" 400).
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>
    /// The body as a JSON tree with its kind and apiVersion. 400 for a malformed body, 415 for a
    /// kind with no protobuf form (ours, as CRDs have none). <paramref name="resource"/>, when
    /// given, is the kind the URL names: its name is used in the error messages.
    /// </summary>
    public static JsonObject ParseTree(byte[] body, ResourceDefinition? resource)
    {
        if (!ProtobufEnvelope.HasMagic(body))
            throw StatusErrors.BadRequest($"provided data does not appear to be a protobuf message, expected prefix [{string.Join(' ', ProtobufEnvelope.Magic.ToArray())}]");
        string kind = resource?.Kind ?? "", version = resource?.Version ?? "v1";
        try
        {
            var unknown = ProtobufEnvelope.Open(body);
            if (unknown.Kind.Length == 0) throw StatusErrors.BadRequest("Object 'Kind' is missing in the protobuf body");
            kind = resource?.Kind ?? unknown.Kind;
            if (resource is not null) RequestBody.CheckTypeMeta(unknown.ApiVersion, unknown.Kind, resource);
            if (unknown.ContentEncoding.Length > 0)
                throw StatusErrors.BadRequest($"the protobuf body's contentEncoding \"{unknown.ContentEncoding}\" is not supported");
            if (unknown.Raw is null) throw new FormatException("the runtime.Unknown has no raw object");
            var message = ProtoSchema.MessageOf(unknown.ApiVersion.Length > 0 ? unknown.ApiVersion : resource?.ApiVersion ?? "v1", unknown.Kind)
                ?? throw StatusErrors.UnsupportedMediaType(resource is null ? RequestBody.BuiltInBodyTypes : RequestBody.BodyTypes(resource));
            return ProtobufEnvelope.WithTypeMeta(ProtobufJson.Decode(message, unknown.Raw), unknown.ApiVersion, unknown.Kind);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or ArgumentOutOfRangeException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw StatusErrors.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: protobuf: {e.Message}");
        }
    }

    /// <summary>The body decoded into the kind's model type; errors as <see cref="ParseTree"/> and <see cref="RequestBody.Decode"/>.</summary>
    public static IKubernetesObject<V1ObjectMeta> Decode(byte[] body, ResourceDefinition resource) =>
        RequestBody.Decode(ParseTree(body, resource), resource, FieldValidation.Ignore).Object;
}
