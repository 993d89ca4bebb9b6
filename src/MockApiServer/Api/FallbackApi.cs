using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// What no route answers: 405 MethodNotAllowed when the path exists under another verb, else
/// 404 NotFound — both as Status bodies, as kube-apiserver answers. Each is logged as a warning
/// (per-request logs are off by default), so a client call the mock does not serve leaves a trace.
/// </summary>
public static class FallbackApi
{
    public static IEndpointRouteBuilder MapKubernetesFallback(this IEndpointRouteBuilder app)
    {
        // Rebuilt when the registry changes: custom resources' paths come and go.
        var registry = app.ServiceProvider.GetRequiredService<ResourceRegistry>();
        Tuple<IReadOnlyList<ResourceDefinition>, List<TemplateMatcher>>? built = null;
        List<TemplateMatcher> Matchers()
        {
            var all = registry.All;
            if (built is { } b && ReferenceEquals(b.Item1, all)) return b.Item2;
            var matchers = app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{*", StringComparison.Ordinal))
                .Select(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary()))
                .ToList();
            built = Tuple.Create(all, matchers);
            return matchers;
        }
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FallbackApi));
        app.MapFallback((HttpContext ctx) =>
        {
            var path = ctx.Request.Path;
            var exists = Matchers().Any(m => m.TryMatch(path, new RouteValueDictionary()));
            var error = exists ? StatusErrors.MethodNotAllowed() : StatusErrors.NotFoundPath();
            logger.LogWarning("Not served: {Method} {Path} ({Code} {Reason})", ctx.Request.Method, path, error.Code, error.Reason);
            throw error;
        }).ExcludeFromDescription();
        return app;
    }
}
