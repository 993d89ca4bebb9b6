using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.FieldManagement;

namespace MockApiServer.Api;

/// <summary>
/// The REST routes of every registered kind, generated from the registry with Kubernetes'
/// paths and operation ids (listCoreV1NamespacedPod, …). Handlers are below the route table.
/// </summary>
public static class ResourceApi
{
    public static IEndpointRouteBuilder MapResourceApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        app.DataSources.Add(new RegistryEndpointDataSource(app.ServiceProvider, registry, (builder, all) =>
        {
            foreach (var r in all) MapResource(builder, r);
        }));
        return app;
    }

    private static void MapResource(IEndpointRouteBuilder app, ResourceDefinition r)
    {
        var gv = r.GroupVersionPath;
        var k = r.Kind;
        var g = r.OperationGroup;
        var tag = $"{r.ApiVersion} {r.Kind}";
        var scope = r.Namespaced ? "Namespaced" : "";
        var collection = r.Namespaced ? $"{gv}/namespaces/{{namespace}}/{r.Plural}" : $"{gv}/{r.Plural}";
        var item = $"{collection}/{{name}}";
        if (r.IsReview)
        {
            Route(app, "POST", collection, $"create{g}{scope}{k}", tag, new("post", r, null, KubeOperation.WriteParameters), ctx => ReviewAsync(ctx, r));
            return;
        }

        Route(app, "GET", collection, $"list{g}{scope}{k}", tag, new("list", r, null, KubeOperation.ListParameters), ctx => ListAsync(ctx, r));
        Route(app, "POST", collection, $"create{g}{scope}{k}", tag, new("post", r, null, KubeOperation.WriteParameters), ctx => CreateAsync(ctx, r));
        Route(app, "DELETE", collection, $"deletecollection{g}{scope}{k}", tag, new("deletecollection", r, null, KubeOperation.DeleteCollectionParameters), ctx => DeleteCollectionAsync(ctx, r));
        Route(app, "GET", item, $"read{g}{scope}{k}", tag, new("get", r, null, KubeOperation.ReadParameters), ctx => ReadAsync(ctx, r));
        Route(app, "PUT", item, $"replace{g}{scope}{k}", tag, new("put", r, null, KubeOperation.WriteParameters), ctx => ReplaceAsync(ctx, r, status: false));
        Route(app, "PATCH", item, $"patch{g}{scope}{k}", tag, new("patch", r, null, KubeOperation.PatchParameters), ctx => PatchAsync(ctx, r, status: false));
        Route(app, "DELETE", item, $"delete{g}{scope}{k}", tag, new("delete", r, null, KubeOperation.DeleteParameters), ctx => DeleteAsync(ctx, r));
        if (r.Namespaced)
            Route(app, "GET", $"{gv}/{r.Plural}", $"list{g}{k}ForAllNamespaces", tag, new("list", r, null, KubeOperation.ListParameters), ctx => ListAsync(ctx, r));
        MapWatchRoutes(app, r, tag);
        if (r.Strategy.HasStatus)
        {
            Route(app, "GET", $"{item}/status", $"read{g}{scope}{k}Status", tag, new("get", r, "status", KubeOperation.ReadParameters), ctx => ReadAsync(ctx, r));
            Route(app, "PUT", $"{item}/status", $"replace{g}{scope}{k}Status", tag, new("put", r, "status", KubeOperation.WriteParameters), ctx => ReplaceAsync(ctx, r, status: true));
            Route(app, "PATCH", $"{item}/status", $"patch{g}{scope}{k}Status", tag, new("patch", r, "status", KubeOperation.PatchParameters), ctx => PatchAsync(ctx, r, status: true));
        }
    }

    /// <summary>
    /// The deprecated watch paths kube-apiserver's installer still registers for every listable
    /// kind: <c>{gv}/watch/…/{plural}</c> is a list with watch=true, and <c>…/{plural}/{name}</c>
    /// adds the field selector metadata.name=NAME.
    /// </summary>
    private static void MapWatchRoutes(IEndpointRouteBuilder app, ResourceDefinition r, string tag)
    {
        var (gv, k, g) = (r.GroupVersionPath, r.Kind, r.OperationGroup);
        var scope = r.Namespaced ? "Namespaced" : "";
        var collection = r.Namespaced ? $"{gv}/watch/namespaces/{{namespace}}/{r.Plural}" : $"{gv}/watch/{r.Plural}";
        Route(app, "GET", collection, $"watch{g}{scope}{k}List", tag, new("watchlist", r, null, KubeOperation.ListParameters), ctx => WatchAsync(ctx, r, named: false));
        Route(app, "GET", $"{collection}/{{name}}", $"watch{g}{scope}{k}", tag, new("watch", r, null, KubeOperation.ListParameters), ctx => WatchAsync(ctx, r, named: true));
        if (r.Namespaced)
            Route(app, "GET", $"{gv}/watch/{r.Plural}", $"watch{g}{k}ListForAllNamespaces", tag, new("watchlist", r, null, KubeOperation.ListParameters), ctx => WatchAsync(ctx, r, named: false));
    }

    private static void Route(IEndpointRouteBuilder app, string method, string pattern, string operationId, string tag, KubeOperation operation, Func<HttpContext, Task> handler)
    {
        // A RequestDelegate, not a Delegate: the Request Delegate Factory would compile a wrapper for
        // each of these ~250 routes when the first request builds the route table. ApiExplorer (so
        // the OpenAPI documents) lists only endpoints with a MethodInfo, which the factory would have
        // added; it is added here instead, the same lambda shape (HttpContext in, Task out).
        RequestDelegate run = ctx => handler(ctx);
        var endpoint = app.MapMethods(pattern, [method], run)
            .WithMetadata(run.Method)
            .WithName(operationId)
            .WithTags(tag)
            .WithMetadata(operation);
        var model = operation.Resource.ModelType;
        var list = model.Assembly.GetType(model.FullName + "List") ?? model;
        // Request bodies are described by KubeOperationFilter: Accepts() metadata would also
        // constrain routing by content type, and kube-apiserver answers bad types with a 415 Status.
        endpoint.WithMetadata(operation.Action switch
        {
            "watch" or "watchlist" => new ProducesResponseTypeMetadata(200, typeof(V1WatchEvent), ["application/json", "application/yaml", "application/json;stream=watch"]),
            "list" => new ProducesResponseTypeMetadata(200, list, ["application/json", "application/yaml", "application/json;stream=watch"]),
            "deletecollection" => new ProducesResponseTypeMetadata(200, list, ["application/json", "application/yaml"]),
            "post" => new ProducesResponseTypeMetadata(201, model, ["application/json", "application/yaml"]),
            _ => new ProducesResponseTypeMetadata(200, model, ["application/json", "application/yaml"]),
        });
    }

    private static Handlers H(HttpContext ctx) => ctx.RequestServices.GetRequiredService<Handlers>();

    private static string Namespace(HttpContext ctx, ResourceDefinition r) => r.Namespaced ? (string?)ctx.Request.RouteValues["namespace"] ?? "" : "";

    private static string Name(HttpContext ctx) => (string?)ctx.Request.RouteValues["name"] ?? "";

    private static Task ListAsync(HttpContext ctx, ResourceDefinition r)
    {
        var ns = r.Namespaced && ctx.Request.RouteValues.ContainsKey("namespace") ? Namespace(ctx, r) : null;
        return H(ctx).ListAsync(ctx, r, ns);
    }

    private static Task WatchAsync(HttpContext ctx, ResourceDefinition r, bool named)
    {
        var ns = r.Namespaced && ctx.Request.RouteValues.ContainsKey("namespace") ? Namespace(ctx, r) : null;
        return H(ctx).WatchAsync(ctx, r, ns, named ? Name(ctx) : null);
    }

    private static Task CreateAsync(HttpContext ctx, ResourceDefinition r) => H(ctx).CreateAsync(ctx, r, Namespace(ctx, r));

    private static Task ReviewAsync(HttpContext ctx, ResourceDefinition r) => H(ctx).ReviewAsync(ctx, r, Namespace(ctx, r));

    private static Task ReadAsync(HttpContext ctx, ResourceDefinition r) => H(ctx).ReadAsync(ctx, r, Namespace(ctx, r), Name(ctx));

    private static Task ReplaceAsync(HttpContext ctx, ResourceDefinition r, bool status) => H(ctx).ReplaceAsync(ctx, r, Namespace(ctx, r), Name(ctx), status);

    private static Task PatchAsync(HttpContext ctx, ResourceDefinition r, bool status) => H(ctx).PatchAsync(ctx, r, Namespace(ctx, r), Name(ctx), status);

    private static Task DeleteAsync(HttpContext ctx, ResourceDefinition r) => H(ctx).DeleteAsync(ctx, r, Namespace(ctx, r), Name(ctx));

    private static Task DeleteCollectionAsync(HttpContext ctx, ResourceDefinition r) => H(ctx).DeleteCollectionAsync(ctx, r, Namespace(ctx, r));

    /// <summary>The verbs' bodies: decode, call the generic store, answer in the negotiated format.</summary>
    public sealed class Handlers(ResourceStore store, Responses responses, WatchStream watch, Patcher patcher, TimeProvider time)
    {
        public async Task ListAsync(HttpContext ctx, ResourceDefinition r, string? ns)
        {
            var options = Query.List(ctx, r);
            if (Query.Bool(ctx, "watch"))
            {
                await watch.ServeAsync(ctx, r, ns, options).ConfigureAwait(false);
                return;
            }
            await responses.ListAsync(ctx, r, await store.ListAsync(r, ns, options).ConfigureAwait(false)).ConfigureAwait(false);
        }

        /// <summary>
        /// A watch path: watch=true whatever the query says; a name becomes the field selector
        /// metadata.name=NAME, and a field selector naming another object is refused (handlers/get.go).
        /// </summary>
        public Task WatchAsync(HttpContext ctx, ResourceDefinition r, string? ns, string? name)
        {
            var options = Query.List(ctx, r);
            if (name is not null)
            {
                if (!options.Fields.IsEmpty && options.Fields.RequiredValue("metadata.name") != name)
                    throw StatusErrors.BadRequest("fieldSelector metadata.name doesn't match requested name");
                if (options.Fields.IsEmpty) options = options with { Fields = FieldSelector.NameEquals(name) };
            }
            return watch.ServeAsync(ctx, r, ns, options);
        }

        public async Task CreateAsync(HttpContext ctx, ResourceDefinition r, string ns)
        {
            var write = Query.Write(ctx);
            var (obj, warnings) = await RequestBody.ReadObjectAsync(ctx, r).ConfigureAwait(false);
            var created = await store.CreateAsync(r, ns, obj, write).ConfigureAwait(false);
            AddWarnings(ctx, warnings);
            await responses.ObjectAsync(ctx, created, 201).ConfigureAwait(false);
        }

        /// <summary>POST of a review kind: the computed answer, 201, nothing stored.</summary>
        public async Task ReviewAsync(HttpContext ctx, ResourceDefinition r, string ns)
        {
            var (obj, warnings) = await RequestBody.ReadObjectAsync(ctx, r).ConfigureAwait(false);
            var answer = store.Review(r, ns, obj, ctx.RequestServices);
            AddWarnings(ctx, warnings);
            await responses.ModelAsync(ctx, answer, 201).ConfigureAwait(false);
        }

        public Task ReadAsync(HttpContext ctx, ResourceDefinition r, string ns, string name) =>
            responses.ObjectAsync(ctx, store.Get(r, ns, name));

        public async Task ReplaceAsync(HttpContext ctx, ResourceDefinition r, string ns, string name, bool status)
        {
            var write = Query.Write(ctx);
            var (obj, warnings) = await RequestBody.ReadObjectAsync(ctx, r).ConfigureAwait(false);
            var updated = await store.UpdateAsync(r, ns, name, obj, write, status).ConfigureAwait(false);
            AddWarnings(ctx, warnings);
            await responses.ObjectAsync(ctx, updated).ConfigureAwait(false);
        }

        public async Task PatchAsync(HttpContext ctx, ResourceDefinition r, string ns, string name, bool status)
        {
            var write = Query.Write(ctx);
            var patch = await patcher.ReadAsync(ctx, r).ConfigureAwait(false);
            var force = Query.Bool(ctx, "force");
            if (patch.Type == PatchType.Apply)
            {
                await ApplyAsync(ctx, r, ns, name, status, patch, write, force).ConfigureAwait(false);
                return;
            }
            if (ctx.Request.Query.ContainsKey("force"))
                throw PatchOptionsInvalid(FieldError.Forbidden("force", "may not be specified for non-apply patch"));
            var warnings = new List<string>();
            var patched = await store.GuaranteedUpdateAsync(r, ns, name, current =>
            {
                var (obj, w) = patcher.Apply(patch, current, r, Query.FieldValidationMode(ctx));
                warnings.Clear();
                warnings.AddRange(w);
                return obj;
            }, write, status).ConfigureAwait(false);
            AddWarnings(ctx, warnings);
            await responses.ObjectAsync(ctx, patched).ConfigureAwait(false);
        }

        /// <summary>
        /// Server-side apply: the applied configuration merged into the live object by field
        /// ownership (<see cref="FieldManager.Apply"/>); a missing object is created from it.
        /// </summary>
        private async Task ApplyAsync(HttpContext ctx, ResourceDefinition r, string ns, string name, bool status, Patch patch, WriteOptions write, bool force)
        {
            if (!write.ExplicitFieldManager)
                throw PatchOptionsInvalid(FieldError.Required("fieldManager", "is required for apply patch"));
            var applying = write with { ManagedFieldsComputed = true };
            var mode = Query.FieldValidationMode(ctx);
            // The applied configuration must decode as the kind on its own (upstream converts it to
            // a typed object first): bad values and unknown fields are answered before any merge.
            // The merge then works on the typed configuration, so unknown fields never reach it.
            var (typed, configWarnings) = RequestBody.Decode((JsonObject)patch.Body, r, mode);
            var config = KubeJson.SerializeToNode(typed)!.AsObject();
            if (typed.Metadata?.Name is { Length: > 0 } n && n != name)
                throw StatusErrors.BadRequest($"the name of the object ({n}) does not match the name on the URL ({name})");
            if (!status && store.TryGet(r, ns, name) is null)
            {
                var merged = FieldManager.Apply(null, config, r.ModelType, write.FieldManager!, force, r.ApiVersion, time.GetUtcNow().UtcDateTime);
                var (fresh, _) = RequestBody.Decode(merged, r, FieldValidation.Ignore);
                fresh.Metadata.Name = name;
                var created = await store.CreateAsync(r, ns, fresh, applying).ConfigureAwait(false);
                AddWarnings(ctx, configWarnings);
                await responses.ObjectAsync(ctx, created, 201).ConfigureAwait(false);
                return;
            }
            var patched = await store.GuaranteedUpdateAsync(r, ns, name, current =>
            {
                var live = KubeJson.SerializeToNode(current)!.AsObject();
                var merged = FieldManager.Apply(live, config, r.ModelType, write.FieldManager!, force, r.ApiVersion, time.GetUtcNow().UtcDateTime);
                return RequestBody.Decode(merged, r, FieldValidation.Ignore).Object;
            }, applying, status).ConfigureAwait(false);
            AddWarnings(ctx, configWarnings);
            await responses.ObjectAsync(ctx, patched).ConfigureAwait(false);
        }

        public async Task DeleteAsync(HttpContext ctx, ResourceDefinition r, string ns, string name)
        {
            var options = await ReadDeleteOptionsAsync(ctx).ConfigureAwait(false);
            var dryRun = Query.Write(ctx).DryRun || options.DryRun?.Contains("All") == true;
            var result = await store.DeleteAsync(r, ns, name, options, dryRun).ConfigureAwait(false);
            await responses.ObjectAsync(ctx, result.Object).ConfigureAwait(false);
        }

        public async Task DeleteCollectionAsync(HttpContext ctx, ResourceDefinition r, string ns)
        {
            var list = Query.List(ctx, r);
            var options = await ReadDeleteOptionsAsync(ctx).ConfigureAwait(false);
            var dryRun = Query.Write(ctx).DryRun || options.DryRun?.Contains("All") == true;
            var deleted = await store.DeleteCollectionAsync(r, r.Namespaced ? ns : null, list, options, dryRun).ConfigureAwait(false);
            await responses.ListAsync(ctx, r, deleted).ConfigureAwait(false);
        }

        private static async Task<V1DeleteOptions> ReadDeleteOptionsAsync(HttpContext ctx)
        {
            var body = await RequestBody.ReadBytesAsync(ctx).ConfigureAwait(false);
            V1DeleteOptions options;
            if (body.Length == 0) options = new V1DeleteOptions();
            else
            {
                try
                {
                    var tree = RequestBody.ParseTree(body, RequestBody.MediaType(ctx));
                    // A body of another kind (a Pod sent by mistake) must not pass for empty options.
                    if (tree["kind"] is System.Text.Json.Nodes.JsonValue kind && kind.TryGetValue<string>(out var kindName))
                        RequestBody.CheckTypeMeta(null, kindName, "", "DeleteOptions");
                    options = KubeJson.Deserialize<V1DeleteOptions>(System.Text.Encoding.UTF8.GetBytes(tree.ToJsonString()));
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw StatusErrors.BadRequest($"DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: {e.Message}");
                }
            }
            // Only "All" may be asked for: any other value would otherwise delete for real.
            if (options.DryRun?.FirstOrDefault(v => v != "All") is { } unsupported)
                throw StatusErrors.BadRequest($"dryRun: Unsupported value: \"{unsupported}\": supported values: \"All\"");
            if (Query.Int(ctx, "gracePeriodSeconds") is { } grace) options.GracePeriodSeconds = grace;
            if (Query.String(ctx, "propagationPolicy") is { Length: > 0 } policy) options.PropagationPolicy = policy;
            return options;
        }

        /// <summary>kube-apiserver's 422 for bad PatchOptions: <c>PatchOptions.meta.k8s.io "" is invalid: …</c>.</summary>
        private static ApiException PatchOptionsInvalid(FieldError error) =>
            StatusErrors.Failure(422, "Invalid", $"PatchOptions.meta.k8s.io \"\" is invalid: {error}", new k8s.Models.V1StatusDetails
            {
                Group = "meta.k8s.io",
                Kind = "PatchOptions",
                Causes = [new k8s.Models.V1StatusCause { Reason = error.Reason, Message = error.Body, Field = error.Field }],
            });

        private static void AddWarnings(HttpContext ctx, IReadOnlyList<string> warnings)
        {
            foreach (var w in warnings) ctx.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"")}\"");
        }
    }
}
