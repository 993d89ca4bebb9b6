using System.Text.Json;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources.Pods;

namespace MockApiServer.Api;

/// <summary>POST pods/{name}/binding: what a scheduler (ours, kubectl or a custom one) uses to bind a pod to a node.</summary>
public static class PodBindingApi
{
    public static IEndpointRouteBuilder MapPodBindingApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var pods = registry.Get("", "pods");
        app.MapPost("/api/v1/namespaces/{namespace}/pods/{name}/binding", (HttpContext ctx, string @namespace, string name) => BindAsync(ctx, @namespace, name))
            .WithName("createCoreV1NamespacedPodBinding")
            .WithTags("v1 Pod")
            .WithMetadata(new KubeOperation("post", pods, "binding", KubeOperation.WriteParameters));
        return app;
    }

    private static async Task BindAsync(HttpContext ctx, string ns, string name)
    {
        var body = await RequestBody.ReadBytesAsync(ctx).ConfigureAwait(false);
        var tree = RequestBody.ParseTree(body, RequestBody.MediaType(ctx));
        V1Binding binding;
        try
        {
            binding = (V1Binding?)KubeJson.Deserialize(tree, typeof(V1Binding)) ?? throw StatusErrors.BadRequest("the request body is empty");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw StatusErrors.BadRequest($"Binding in version \"v1\" cannot be handled as a Binding: {e.Message}");
        }
        if (binding.Kind is { Length: > 0 } kind && kind != "Binding")
            throw StatusErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Binding)");
        if (!Query.Write(ctx).DryRun)
            await ctx.RequestServices.GetRequiredService<PodBinder>().BindAsync(ns, name, binding).ConfigureAwait(false);
        var success = StatusErrors.Success();
        success.Code = 201;
        await Responses.StatusAsync(ctx, success).ConfigureAwait(false);
    }
}
