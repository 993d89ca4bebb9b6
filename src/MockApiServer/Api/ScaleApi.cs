using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Api;

/// <summary>
/// The scale subresource ({kind}/{name}/scale) of every kind whose strategy is an
/// <see cref="IScaleStrategy"/>: an autoscaling/v1 Scale read from the object, and PUT or PATCH
/// of it writing spec.replicas (kube-apiserver's ScaleREST), which is what kubectl scale sends.
/// </summary>
public static class ScaleApi
{
    public const string Group = "autoscaling";
    public const string Version = "v1";

    public static IEndpointRouteBuilder MapScaleApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        foreach (var r in registry.All.Where(r => r.Strategy is IScaleStrategy))
        {
            var item = $"{r.GroupVersionPath}/namespaces/{{namespace}}/{r.Plural}/{{name}}/scale";
            var tag = $"{r.ApiVersion} {r.Kind}";
            var (g, k) = (r.OperationGroup, r.Kind);
            Map(app, "GET", item, $"read{g}Namespaced{k}Scale", tag, new("get", r, "scale", KubeOperation.ReadParameters), ctx => ReadAsync(ctx, r));
            Map(app, "PUT", item, $"replace{g}Namespaced{k}Scale", tag, new("put", r, "scale", KubeOperation.WriteParameters) { Model = typeof(V1Scale) }, ctx => ReplaceAsync(ctx, r));
            Map(app, "PATCH", item, $"patch{g}Namespaced{k}Scale", tag, new("patch", r, "scale", KubeOperation.PatchParameters) { Model = typeof(V1Scale) }, ctx => PatchAsync(ctx, r));
        }
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string method, string pattern, string operationId, string tag, KubeOperation operation, Func<HttpContext, Task> handler)
    {
        RequestDelegate run = ctx => handler(ctx);
        app.MapMethods(pattern, [method], run)
            .WithMetadata(run.Method)
            .WithName(operationId)
            .WithTags(tag)
            .WithMetadata(operation)
            .WithMetadata(new ProducesResponseTypeMetadata(200, typeof(V1Scale), ["application/json", "application/yaml"]));
    }

    private static (string Namespace, string Name) Target(HttpContext ctx) =>
        ((string?)ctx.Request.RouteValues["namespace"] ?? "", (string?)ctx.Request.RouteValues["name"] ?? "");

    private static ResourceStore Store(HttpContext ctx) => ctx.RequestServices.GetRequiredService<ResourceStore>();

    private static Task ReadAsync(HttpContext ctx, ResourceDefinition r)
    {
        var (ns, name) = Target(ctx);
        return Answer(ctx, r, Store(ctx).Get(r, ns, name).Object);
    }

    private static async Task ReplaceAsync(HttpContext ctx, ResourceDefinition r)
    {
        var (ns, name) = Target(ctx);
        var body = await RequestBody.ReadBytesAsync(ctx).ConfigureAwait(false);
        var scale = Decode(RequestBody.ParseTree(body, RequestBody.MediaType(ctx)));
        if (scale.Metadata?.Name is { Length: > 0 } bodyName && bodyName != name)
            throw StatusErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        await WriteAsync(ctx, r, ns, name, _ => scale).ConfigureAwait(false);
    }

    private static async Task PatchAsync(HttpContext ctx, ResourceDefinition r)
    {
        var (ns, name) = Target(ctx);
        var patch = await ctx.RequestServices.GetRequiredService<Patcher>().ReadAsync(ctx, r).ConfigureAwait(false);
        if (patch.Type == PatchType.Apply)
            throw StatusErrors.Failure(415, "UnsupportedMediaType", "apply patches are not supported on the scale subresource of this server");
        await WriteAsync(ctx, r, ns, name, current =>
        {
            var original = KubeJson.SerializeToNode(ToScale(r, current))!.AsObject();
            JsonNode? patched;
            try
            {
                patched = patch.Type switch
                {
                    PatchType.Json => JsonPatch.Apply(original, (JsonArray)patch.Body),
                    PatchType.Merge => MergePatch.Apply(original, patch.Body),
                    _ => StrategicMergePatch.Apply(original, (JsonObject)patch.Body, typeof(V1Scale)),
                };
            }
            catch (PatchException e)
            {
                throw e.Code == 400 ? StatusErrors.BadRequest(e.Message) : StatusErrors.Failure(e.Code, e.Code == 422 ? "Invalid" : "InternalError", e.Message);
            }
            return patched is JsonObject obj ? Decode(obj) : throw StatusErrors.Failure(422, "Invalid", "the patch produced something other than an object");
        }).ConfigureAwait(false);
    }

    /// <summary>Read-modify-write of the owner: the Scale's replicas (validated as ValidateScale does) onto spec.replicas; its resourceVersion, when set, is a precondition.</summary>
    private static async Task WriteAsync(HttpContext ctx, ResourceDefinition r, string ns, string name, Func<IKubernetesObject<V1ObjectMeta>, V1Scale> scaleOf)
    {
        var write = Query.Write(ctx);
        var strategy = (IScaleStrategy)r.Strategy;
        var updated = await Store(ctx).GuaranteedUpdateAsync(r, ns, name, current =>
        {
            var scale = scaleOf(current);
            var replicas = scale.Spec?.Replicas ?? 0;
            var errors = LabelSelectorValidation.ValidateNonnegative(replicas, "spec.replicas").ToList();
            if (errors.Count > 0) throw StatusErrors.Invalid(Group, "Scale", name, errors);
            strategy.WriteReplicas(current, replicas);
            current.Metadata.ResourceVersion = scale.Metadata?.ResourceVersion is { Length: > 0 } rv ? rv : null;
            return current;
        }, write).ConfigureAwait(false);
        await Answer(ctx, r, updated.Object).ConfigureAwait(false);
    }

    private static V1Scale Decode(JsonNode tree)
    {
        try
        {
            return (V1Scale?)KubeJson.Deserialize(tree, typeof(V1Scale)) ?? throw StatusErrors.BadRequest("the request body is empty");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw StatusErrors.BadRequest($"Scale in version \"v1\" cannot be handled as a Scale: {e.Message}");
        }
    }

    private static Task Answer(HttpContext ctx, ResourceDefinition r, IKubernetesObject<V1ObjectMeta> obj) =>
        ctx.RequestServices.GetRequiredService<Responses>().ModelAsync(ctx, ToScale(r, obj));

    /// <summary>scaleFromDeployment and friends: name, namespace, uid, resourceVersion and creation time of the object.</summary>
    public static V1Scale ToScale(ResourceDefinition r, IKubernetesObject<V1ObjectMeta> obj)
    {
        var (spec, status, selector) = ((IScaleStrategy)r.Strategy).ReadScale(obj);
        var meta = obj.Metadata;
        return new V1Scale
        {
            ApiVersion = $"{Group}/{Version}",
            Kind = "Scale",
            Metadata = new V1ObjectMeta { Name = meta.Name, NamespaceProperty = meta.NamespaceProperty, Uid = meta.Uid, ResourceVersion = meta.ResourceVersion, CreationTimestamp = meta.CreationTimestamp },
            Spec = new V1ScaleSpec { Replicas = spec },
            Status = new V1ScaleStatus { Replicas = status, Selector = selector.Length == 0 ? null : selector },
        };
    }
}
