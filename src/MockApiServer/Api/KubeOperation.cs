using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Endpoint metadata for one generated route: the Kubernetes verb (x-kubernetes-action), the kind
/// and the query parameters it takes, so Swagger UI and OpenAPI are generated from the routes.
/// <c>OptionsKind</c> is the kind a connect operation names instead (PodProxyOptions), as upstream's do.
/// </summary>
public sealed record KubeOperation(string Action, ResourceDefinition Resource, string? Subresource, IReadOnlyList<string> QueryParameters, string? OptionsKind = null)
{
    /// <summary>The body's model when it is not the kind's own (a subresource's: autoscaling/v1 Scale).</summary>
    public Type? Model { get; init; }

    public static readonly string[] ListParameters =
        ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch", "pretty"];
    public static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation", "pretty"];
    public static readonly string[] PatchParameters = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"];
    public static readonly string[] DeleteParameters = ["dryRun", "gracePeriodSeconds", "propagationPolicy", "pretty"];
    public static readonly string[] DeleteCollectionParameters =
        ["continue", "dryRun", "fieldSelector", "gracePeriodSeconds", "labelSelector", "limit", "propagationPolicy", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "pretty"];
    public static readonly string[] ReadParameters = ["pretty"];
}
