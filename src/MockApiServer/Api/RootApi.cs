using System.Net;
using System.Text;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// GET /: a small page for a person with a browser (version, object counts, links, kubeconfig),
/// and for API clients what kube-apiserver answers there — the list of root paths.
/// </summary>
public static class RootApi
{
    public static IEndpointRouteBuilder MapRootApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        app.MapGet("/", (HttpContext ctx, ResourceStore store, VersionOptions options) =>
        {
            var accept = ctx.Request.Headers.Accept.ToString();
            return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
                ? Results.Content(Page(ctx, registry, store, options), "text/html; charset=utf-8")
                : Results.Json(new { paths = Paths(registry) });
        }).WithTags("discovery").WithName("getRootPaths");
        return app;
    }

    public static IReadOnlyList<string> Paths(ResourceRegistry registry) =>
        new[] { "/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/swagger", "/version" }
            .Concat(registry.All.Where(r => r.Group.Length > 0).SelectMany(r => new[] { $"/apis/{r.Group}", r.GroupVersionPath }))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static string Page(HttpContext ctx, ResourceRegistry registry, ResourceStore store, VersionOptions options)
    {
        var snapshot = store.Snapshot;
        var server = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        var rows = new StringBuilder();
        foreach (var r in registry.All)
            rows.Append("<tr><td>").Append(WebUtility.HtmlEncode(r.Kind)).Append("</td><td>").Append(snapshot.Count(r, null)).Append("</td></tr>");
        var kubeconfig = WebUtility.HtmlEncode($"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: mock, cluster: {"{"}server: "{server}"{"}"}{"}"}]
            contexts: [{"{"}name: mock, context: {"{"}cluster: mock, user: mock{"}"}{"}"}]
            users: [{"{"}name: mock, user: {"{"}{"}"}{"}"}]
            current-context: mock
            """);
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>MockApiServer</title>
            <style>body{"{"}font-family:sans-serif;max-width:48rem;margin:2rem auto{"}"}td{"{"}padding:.1rem 1rem{"}"}pre{"{"}background:#f4f4f4;padding:1rem{"}"}</style></head>
            <body>
            <h1>MockApiServer</h1>
            <p>A mock Kubernetes control plane speaking Kubernetes {WebUtility.HtmlEncode(options.KubernetesVersion)} at revision {snapshot.Revision}.</p>
            <p><a href="/ui">Live cluster page</a> · <a href="/swagger">Swagger UI</a> · <a href="/openapi/v3">OpenAPI v3</a> · <a href="/version">/version</a> · <a href="/readyz">/readyz</a></p>
            <table><tr><th>Kind</th><th>Objects</th></tr>{rows}</table>
            <h2>kubectl</h2>
            <pre>{kubeconfig}</pre>
            </body></html>
            """;
    }
}
