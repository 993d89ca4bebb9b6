using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MockApiServer.Api;

/// <summary>
/// Describes each generated route as kube-apiserver's OpenAPI does: its query parameters, the
/// x-kubernetes-action and x-kubernetes-group-version-kind extensions.
/// </summary>
public sealed class KubeOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, (string Type, string Description)> Parameters = new()
    {
        ["allowWatchBookmarks"] = ("boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        ["continue"] = ("string", "The continue option should be set when retrieving more results from the server."),
        ["dryRun"] = ("string", "When present, indicates that modifications should not be persisted. The only valid value is All."),
        ["fieldManager"] = ("string", "fieldManager is a name associated with the actor or entity that is making these changes."),
        ["fieldSelector"] = ("string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        ["fieldValidation"] = ("string", "How to handle unknown or duplicate fields in the body: Ignore, Warn (default) or Strict."),
        ["force"] = ("boolean", "Force is going to \"force\" Apply requests."),
        ["gracePeriodSeconds"] = ("integer", "The duration in seconds before the object should be deleted."),
        ["labelSelector"] = ("string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        ["limit"] = ("integer", "limit is a maximum number of responses to return for a list call; use continue for the rest."),
        ["pretty"] = ("string", "If 'true', then the output is pretty printed."),
        ["propagationPolicy"] = ("string", "Whether and how garbage collection will be performed: Orphan, Background or Foreground."),
        ["resourceVersion"] = ("string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        ["resourceVersionMatch"] = ("string", "resourceVersionMatch determines how resourceVersion is applied to list calls: Exact or NotOlderThan."),
        ["sendInitialEvents"] = ("boolean", "`sendInitialEvents=true` may be set together with `watch=true` to begin the stream with synthetic ADDED events."),
        ["timeoutSeconds"] = ("integer", "Timeout for the list/watch call."),
        ["watch"] = ("boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications (chunked JSON, one event per line)."),
    };

    private static readonly string[] BodyTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    private static OpenApiRequestBody RequestBody(KubeOperation kube, OperationFilterContext context)
    {
        var patch = kube.Action == "patch";
        var schema = patch
            ? new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." }
            : context.SchemaGenerator.GenerateSchema(kube.Model ?? kube.Resource.ModelType, context.SchemaRepository);
        var example = patch ? null : SwaggerExamples.For(kube.Resource.Kind);
        return new OpenApiRequestBody
        {
            Required = true,
            Content = (patch ? PatchTypes : BodyTypes).ToDictionary(t => t,
                IOpenApiMediaType (t) => new OpenApiMediaType { Schema = schema, Example = t == "application/json" ? example : null }),
        };
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var kube = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<KubeOperation>().FirstOrDefault();
        if (kube is null) return;
        operation.Parameters ??= [];
        foreach (var name in kube.QueryParameters)
        {
            var (type, description) = Parameters.GetValueOrDefault(name, ("string", name));
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type switch { "boolean" => JsonSchemaType.Boolean, "integer" => JsonSchemaType.Integer, _ => JsonSchemaType.String } },
            });
        }
        if (kube.Action is "post" or "put" or "patch") operation.RequestBody = RequestBody(kube, context);
        // Deprecated as upstream marks them: in the description (installer.go), not with "deprecated: true".
        if (kube.Action == "watch")
            operation.Description = $"watch changes to an object of kind {kube.Resource.Kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.";
        if (kube.Action == "watchlist")
            operation.Description = $"watch individual changes to a list of {kube.Resource.Kind}. deprecated: use the 'watch' parameter with a list operation instead.";
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-kubernetes-action"] = new JsonNodeExtension(JsonValue.Create(kube.Action));
        operation.Extensions["x-kubernetes-group-version-kind"] = new JsonNodeExtension(new JsonObject
        {
            ["group"] = kube.Resource.Group,
            ["version"] = kube.Resource.Version,
            ["kind"] = kube.OptionsKind ?? kube.Resource.Kind,
        });
    }
}
