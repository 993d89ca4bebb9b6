using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

public enum PatchType { Json, Merge, StrategicMerge, Apply }

public sealed record Patch(PatchType Type, JsonNode Body);

/// <summary>
/// PATCH bodies by content type: RFC 6902 JSON patch, RFC 7386 merge patch, Kubernetes'
/// strategic merge patch. Applied to the JSON form of the current object, then decoded like a
/// PUT body.
/// </summary>
public sealed class Patcher
{
    public async Task<Patch> ReadAsync(HttpContext ctx, ResourceDefinition resource)
    {
        // Custom resources have no Go struct tags to merge by, so upstream offers them no strategic merge.
        var custom = resource.ModelType == typeof(CustomObject);
        var type = RequestBody.MediaType(ctx) switch
        {
            "application/json-patch+json" => PatchType.Json,
            "application/merge-patch+json" => PatchType.Merge,
            "application/strategic-merge-patch+json" when !custom => PatchType.StrategicMerge,
            "application/apply-patch+yaml" or "application/apply-patch+cbor" => PatchType.Apply,
            _ => throw StatusErrors.Failure(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                + (custom ? "" : ", application/strategic-merge-patch+json")),
        };
        var bytes = await RequestBody.ReadBytesAsync(ctx).ConfigureAwait(false);
        JsonNode? body;
        try
        {
            body = type == PatchType.Apply ? YamlJson.ToJsonNode(bytes) : JsonNode.Parse(bytes);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException or FormatException)
        {
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        if (type == PatchType.Apply && body is JsonObject applied) RequestBody.CheckTypeMeta(applied, resource, requireBoth: true);
        if (body is null) throw StatusErrors.BadRequest("error decoding patch: the patch is empty");
        if (type == PatchType.Json && body is not JsonArray) throw StatusErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        if (type != PatchType.Json && body is not JsonObject) throw StatusErrors.BadRequest("error decoding patch: a merge patch must be a JSON object");
        return new Patch(type, body);
    }

    public (IKubernetesObject<V1ObjectMeta> Object, IReadOnlyList<string> Warnings) Apply(Patch patch, IKubernetesObject<V1ObjectMeta> current, ResourceDefinition resource, FieldValidation mode)
    {
        var original = KubeJson.SerializeToNode(current)!.AsObject();
        JsonNode? patched;
        try
        {
            patched = patch.Type switch
            {
                PatchType.Json => JsonPatch.Apply(original, (JsonArray)patch.Body),
                PatchType.Merge => MergePatch.Apply(original, patch.Body),
                // Apply bodies go to ResourceApi's ApplyAsync (FieldManager); only strategic merge remains here.
                _ => StrategicMergePatch.Apply(original, (JsonObject)patch.Body, resource.ModelType),
            };
        }
        catch (PatchException e)
        {
            throw e.Code == 400 ? StatusErrors.BadRequest(e.Message) : StatusErrors.Failure(e.Code, e.Code == 422 ? "Invalid" : "InternalError", e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidCastException or ArgumentException)
        {
            // A patch of the right outer shape holding a value of the wrong type ("op": 1, "$patch": 1).
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        if (patched is not JsonObject obj) throw StatusErrors.Failure(422, "Invalid", "the patch produced something other than an object");
        return RequestBody.Decode(obj, resource, mode);
    }
}

/// <summary>A patch that cannot be applied; answered as 422.</summary>
public sealed class PatchException(string message, int code = 422) : Exception(message)
{
    /// <summary>422 for a patch that does not apply; 400 for a malformed one.</summary>
    public int Code { get; } = code;
}
